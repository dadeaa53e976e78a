#!/usr/bin/env python3
"""Generate the sample campaign of examples/data/: a realistic roster of 200 KOLs.

Files: roster.csv (with audience portraits), deliveries.csv, traffic.csv,
followers_profile.csv and followers.csv (README.md beside this script
describes each).

Usage:
    python3 gen_roster.py                 # writes the five files beside this file
    python3 gen_roster.py --dir DIR       # writes them into DIR
    python3 gen_roster.py --check         # exit 1 if any of them differs
    python3 gen_roster.py --out FILE      # the roster only, to FILE ("-": stdout)
    python3 gen_roster.py --check --out FILE   # check the roster only

Python 3 standard library only. The output is deterministic: a fixed seed,
and only random.Random.random() is used (the one method whose sequence
Python promises to keep across versions); normal draws, weighted choices
and so on are built on it here.

How the data is made, and why
-----------------------------
The roster is synthetic but built to be internally consistent, so that the
analyses of later libkol modules (tiering, value model, ROI, cost
benchmarks) give sensible answers on it.

* Platforms and sizes. 200 KOLs over eight platforms, weighted towards the
  Chinese platforms an agency would mostly buy (douyin, xiaohongshu 36 each;
  bilibili 24; instagram, tiktok 22; kuaishou, weibo, youtube 20).

* Tiers, by followers: head >= 10M, shoulder 1M-10M, waist 100K-1M,
  tail 10K-100K, KOC < 10K. Every platform gets one KOL of every tier first
  (so every platform x tier cell is filled); the rest are drawn with the
  pyramid shares a campaign roster typically has: head 7%, shoulder 15%,
  waist 30%, tail 28%, KOC 20%.

* Followers within a tier: a truncated Pareto (power law) with exponent
  alpha = 1.2. Follower counts across creators follow a power law; within
  one tier this puts more accounts near the bottom of the band than the
  top, as in real rosters. Head accounts are capped at 60M.

* Lifecycle stage (introduced, growing, mature, fading) is drawn per tier
  (small accounts are mostly new or growing, head accounts mostly mature)
  and sets the account age (capped at the platform's launch) and the
  30-day follower growth: introduced ~ +12%/month, growing ~ +5%,
  mature ~ +0.5%, fading ~ -1.5% (normal draws, clamped).

* Real followers. Most accounts have a real-follower ratio around 0.88
  (normal, sd 0.05, clamped to [0.6, 0.99]); 7% are "suspicious" with
  0.35-0.60 (bought followers). Views and engagement are computed from the
  REAL followers, so suspicious accounts show low views per follower: the
  inconsistency an analyst looks for. 10% of accounts were never audited:
  their real_follower_ratio cell is empty.

* Views per post = real followers x platform view rate x tier factor x
  content-quality factor x lognormal noise (sigma 0.45). Platform view
  rates at the waist tier reflect how each feed distributes content
  (tiktok 0.35, bilibili 0.30, instagram 0.25, xiaohongshu 0.20, douyin
  0.15, kuaishou 0.14, youtube 0.12, weibo 0.03 reads); the tier factor
  (KOC 2.0 ... head 0.45) reflects that small accounts reach a larger share
  of their followers on recommendation feeds.

* Engagements per view (likes + comments + shares + saves) at the waist
  tier: bilibili 8%, xiaohongshu 7%, tiktok 6%, kuaishou and instagram 5%,
  douyin and youtube 4.5%, weibo 2.5%; higher for smaller tiers (KOC x1.5
  ... head x0.7), as industry benchmarks consistently report. They are
  split into likes / comments / shares / saves with platform-typical
  proportions (xiaohongshu is save-heavy, weibo comment- and repost-heavy).
  Weibo and YouTube do not report saves, and most Instagram creators do
  not share their share and save counts: those cells are empty (missing,
  which is not zero).

* Price of one sponsored post, in CNY: price-per-follower of the platform
  at 100K followers (xiaohongshu 0.15, youtube 0.12, instagram 0.07,
  bilibili 0.06, douyin and tiktok 0.04, kuaishou 0.03, weibo 0.012)
  scaled by (followers / 100K)^0.85 (bigger accounts cost less per
  follower), by content quality, and by lognormal noise (sigma 0.25);
  rounded the way quotes are. Suspicious accounts quote as if their
  followers were real.

* History. 40-65% of KOLs (by tier) were hired before: cooperations >= 1
  with historical views, cost, clicks (CTR by platform, tier and
  authenticity), orders (conversion rate by category) and revenue
  (average order value by category), on-time rate and disputes drawn from
  a per-KOL reliability. KOLs never hired have cooperations = 0, disputes
  = 0 and the other historical cells empty.

* content_quality is a 0-1 rating (normal around 0.62); fan_loyalty (share
  of engaged fans who engage again) rises with the engagement rate.

Units: counts are plain integers, amounts are CNY, ratios are in [0, 1];
follower_growth_30d may be negative. See README.md beside this file.

The model state of each KOL (tier, stage, true real-follower ratio,
suspicious flag) is kept in the Kol objects, and the campaign generators
below build on it:

* Audience portraits (add_portraits, seed SEED + 1): gender by category,
  age and region by platform, interest led by the KOL's own category.
* The campaign (make_campaign, seed SEED + 2): 37 beauty and fashion KOLs
  hired as a pyramid; their deliveries; minute traffic of five posts (two
  clean, one views burst, one likes drip, one follows injection);
  follower profile samples whose fake share is each account's true one;
  follower ids drawn from per-category communities so audiences overlap.

Each part has its own random stream, so adding one never changes the
others.
"""

import argparse
import csv
import io
import math
import random
import sys
from pathlib import Path

SEED = 20260601
# Reference date for account ages (platform launch caps).
REF_YEAR = 2026.5

COLUMNS = [
    "id", "name", "platform", "category",
    "followers", "following", "posts", "posts_30d",
    "avg_views", "avg_likes", "avg_comments", "avg_shares", "avg_saves",
    "follower_growth_30d", "price", "clicks", "orders", "revenue",
    "content_quality", "account_age_days", "real_follower_ratio",
    "on_time_rate", "hist_views", "hist_cost", "cooperations", "disputes",
    "fan_loyalty", "portrait_gender", "portrait_age", "portrait_region",
    "portrait_interest",
]

# name: prefix, count, view rate, engagements per view, split
# (likes, comments, shares, saves), shares reported (probability), saves
# reported (probability), posts per 30 days (lo, hi), price per follower
# at 100K followers (CNY), click-through rate per view, launch year.
PLATFORMS = {
    "douyin":      dict(prefix="dy", n=36, view=0.35, er=0.045,
                        split=(0.86, 0.05, 0.04, 0.05), shares=1.0, saves=1.0,
                        posts=(8, 30), ppf=0.03, ctr=0.020, launch=2016.7),
    "xiaohongshu": dict(prefix="xhs", n=36, view=0.25, er=0.07,
                        split=(0.50, 0.10, 0.04, 0.36), shares=1.0, saves=1.0,
                        posts=(6, 20), ppf=0.08, ctr=0.025, launch=2013.5),
    "kuaishou":    dict(prefix="ks", n=20, view=0.30, er=0.05,
                        split=(0.85, 0.07, 0.05, 0.03), shares=1.0, saves=1.0,
                        posts=(10, 40), ppf=0.02, ctr=0.025, launch=2011.3),
    "bilibili":    dict(prefix="bili", n=24, view=0.30, er=0.08,
                        split=(0.62, 0.10, 0.06, 0.22), shares=1.0, saves=1.0,
                        posts=(2, 8), ppf=0.035, ctr=0.012, launch=2009.5),
    "weibo":       dict(prefix="wb", n=20, view=0.05, er=0.025,
                        split=(0.65, 0.20, 0.15, 0.0), shares=1.0, saves=0.0,
                        posts=(30, 120), ppf=0.008, ctr=0.008, launch=2009.7),
    "instagram":   dict(prefix="ig", n=22, view=0.25, er=0.05,
                        split=(0.88, 0.04, 0.04, 0.04), shares=0.4, saves=0.4,
                        posts=(8, 30), ppf=0.04, ctr=0.012, launch=2010.8),
    "tiktok":      dict(prefix="tt", n=22, view=0.35, er=0.06,
                        split=(0.88, 0.03, 0.04, 0.05), shares=1.0, saves=1.0,
                        posts=(15, 45), ppf=0.025, ctr=0.015, launch=2017.7),
    "youtube":     dict(prefix="yt", n=20, view=0.15, er=0.045,
                        split=(0.88, 0.09, 0.03, 0.0), shares=1.0, saves=0.0,
                        posts=(2, 8), ppf=0.05, ctr=0.015, launch=2005.3),
}
CHINESE_PLATFORMS = {"douyin", "xiaohongshu", "kuaishou", "bilibili", "weibo"}

# name: follower band [lo, hi), pyramid share, view-rate factor,
# engagement factor, CTR factor, share ever hired, lifecycle stage
# probabilities (introduced, growing, mature, fading), median following.
TIERS = {
    "head":     dict(lo=10_000_000, hi=60_000_000, share=0.07, view=0.45,
                     er=0.70, ctr=0.8, hired=0.50,
                     stages=(0.02, 0.18, 0.55, 0.25), following=120),
    "shoulder": dict(lo=1_000_000, hi=10_000_000, share=0.15, view=0.70,
                     er=0.85, ctr=0.9, hired=0.60,
                     stages=(0.05, 0.30, 0.45, 0.20), following=180),
    "waist":    dict(lo=100_000, hi=1_000_000, share=0.30, view=1.00,
                     er=1.00, ctr=1.0, hired=0.65,
                     stages=(0.10, 0.35, 0.40, 0.15), following=250),
    "tail":     dict(lo=10_000, hi=100_000, share=0.28, view=1.50,
                     er=1.25, ctr=1.15, hired=0.55,
                     stages=(0.20, 0.40, 0.30, 0.10), following=300),
    "koc":      dict(lo=800, hi=10_000, share=0.20, view=2.00,
                     er=1.50, ctr=1.3, hired=0.40,
                     stages=(0.35, 0.35, 0.22, 0.08), following=400),
}
STAGES = ("introduced", "growing", "mature", "fading")
# Monthly follower growth rate (mean, sd, lo, hi) and account age in days
# (lo, hi) per stage.
STAGE_GROWTH = {
    "introduced": (0.12, 0.05, 0.03, 0.30),
    "growing":    (0.05, 0.02, 0.01, 0.12),
    "mature":     (0.005, 0.008, -0.01, 0.02),
    "fading":     (-0.015, 0.01, -0.05, -0.001),
}
STAGE_AGE = {
    "introduced": (60, 400),
    "growing":    (200, 1200),
    "mature":     (700, 3500),
    "fading":     (1200, 4200),
}

# Category weights per platform.
CATEGORY_WEIGHTS = {
    "douyin": dict(beauty=3, fashion=2, food=3, travel=1, tech=1, gaming=1,
                   parenting=1, fitness=1, home=1, pets=1, education=1),
    "xiaohongshu": dict(beauty=5, fashion=4, food=2, travel=2, home=2,
                        parenting=2, fitness=1, pets=1),
    "kuaishou": dict(food=3, fashion=2, beauty=2, home=2, parenting=1,
                     gaming=1, pets=1),
    "bilibili": dict(gaming=4, tech=3, education=2, food=1, travel=1,
                     fashion=1, pets=1),
    "weibo": dict(fashion=2, beauty=2, travel=1, finance=2, tech=1, food=1),
    "instagram": dict(fashion=3, beauty=3, travel=2, fitness=2, food=1),
    "tiktok": dict(beauty=2, fashion=2, food=2, fitness=2, gaming=1, pets=1,
                   education=1),
    "youtube": dict(tech=3, gaming=2, education=2, travel=1, food=1,
                    fitness=1, finance=1),
}
# Average order value (CNY) and conversion-rate factor per category.
CATEGORY_AOV = dict(beauty=160, fashion=240, food=75, travel=1800, tech=1200,
                    gaming=90, parenting=180, fitness=210, home=320,
                    finance=500, pets=140, education=600)
CATEGORY_CVR = dict(beauty=1.2, fashion=1.0, food=1.4, travel=0.15, tech=0.25,
                    gaming=1.1, parenting=1.1, fitness=0.9, home=0.7,
                    finance=0.3, pets=1.2, education=0.3)

# Name parts. Chinese handles: a nickname plus a topic phrase; others:
# a first name plus a topic word, in a few common handle styles.
CN_NICK = ["小鹿", "橙子", "米粒", "阿杰", "桃桃", "可乐", "小满", "豆豆",
           "七七", "木子", "阿鱼", "糖糖", "安安", "一一", "芒果", "饭团",
           "星星", "团子", "大橘", "小熊", "南风", "阿珂", "小北", "柚子"]
CN_TOPIC = {
    "beauty": ["爱美妆", "的化妆台", "美妆日记"], "fashion": ["穿搭", "的衣橱"],
    "food": ["吃遍天下", "的厨房", "探店"], "travel": ["去旅行", "环游记"],
    "tech": ["数码", "科技说"], "gaming": ["游戏解说", "打游戏"],
    "parenting": ["育儿经", "带娃日常"], "fitness": ["健身房", "练起来"],
    "home": ["的小家", "家居"], "pets": ["和猫", "养狗记"],
    "education": ["学习笔记", "讲知识"], "finance": ["聊理财", "财经"],
}
EN_FIRST = ["Emma", "Leo", "Mia", "Noah", "Ava", "Liam", "Zoe", "Kai",
            "Lily", "Sam", "Nora", "Jay", "Chloe", "Ryan", "Ivy", "Max",
            "Lucia", "Omar", "Hana", "Theo", "Aria", "Ben", "Yuki", "Sofia"]
EN_TOPIC = {
    "beauty": "Beauty", "fashion": "Style", "food": "Cooks",
    "travel": "Travels", "tech": "Tech", "gaming": "Plays",
    "parenting": "Parenting", "fitness": "Fitness", "home": "Home",
    "pets": "Pets", "education": "Explains", "finance": "Money",
}


class Rng:
    """Random draws built on random.Random.random() only (stable across
    Python versions)."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def random(self):
        return self._r.random()

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.random()

    def randint(self, lo, hi):
        """Integer in [lo, hi]."""
        return lo + min(int(self.random() * (hi - lo + 1)), hi - lo)

    def normal(self, mean=0.0, sd=1.0):
        # Box-Muller; 1 - random() is in (0, 1], so the log is finite.
        u1 = 1.0 - self.random()
        u2 = self.random()
        return mean + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(
            2.0 * math.pi * u2)

    def lognormal(self, sigma):
        """Multiplicative noise with median 1."""
        return math.exp(self.normal(0.0, sigma))

    def choice(self, items):
        return items[self.randint(0, len(items) - 1)]

    def weighted(self, weights):
        """Key of a dict (or index of a sequence) drawn by weight."""
        keys = list(weights) if isinstance(weights, dict) else list(
            range(len(weights)))
        values = [weights[k] for k in keys]
        x = self.random() * sum(values)
        for k, v in zip(keys, values):
            x -= v
            if x < 0:
                return k
        return keys[-1]

    def pareto(self, lo, hi, alpha):
        """Truncated Pareto on [lo, hi) by inverse transform."""
        u = self.random()
        r = (lo / hi) ** alpha
        return lo / (1.0 - u * (1.0 - r)) ** (1.0 / alpha)

    def binomial(self, n, p):
        return sum(1 for _ in range(n) if self.random() < p)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.randint(0, i)
            items[i], items[j] = items[j], items[i]


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def round_price(p):
    """Round a quote the way agencies write them."""
    step = 50 if p < 1000 else 100 if p < 10_000 else 500 if p < 100_000 \
        else 1000
    return max(100, int(round(p / step)) * step)


class Kol:
    """One synthetic KOL: the CSV fields plus the latent model state."""

    def __init__(self, platform, tier):
        self.platform = platform
        self.tier = tier
        self.fields = {}
        # Latent state, for later generators.
        self.stage = None
        self.true_real_ratio = None
        self.suspicious = False
        self.reliability = None


def make_name(rng, platform, category, used):
    for attempt in range(100):
        if platform in CHINESE_PLATFORMS:
            name = rng.choice(CN_NICK) + rng.choice(CN_TOPIC[category])
        else:
            first = rng.choice(EN_FIRST)
            topic = EN_TOPIC[category]
            style = rng.randint(0, 3)
            if style == 0:
                name = f"{first} {topic}"
            elif style == 1:
                name = f"{first.lower()}.{topic.lower()}"
            elif style == 2:
                name = f"{first}, {topic}"  # a comma: exercises quoting
            else:
                name = f"{first} \"{topic}\" Official"  # quotes too
        if attempt > 0:
            name = f"{name} {attempt + 1}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("could not make a unique name")


def make_kol(rng, platform, tier, used_names):
    p = PLATFORMS[platform]
    t = TIERS[tier]
    k = Kol(platform, tier)
    f = k.fields

    category = rng.weighted(CATEGORY_WEIGHTS[platform])
    f["name"] = make_name(rng, platform, category, used_names)
    f["platform"] = platform
    f["category"] = category

    followers = int(rng.pareto(t["lo"], t["hi"], 1.2))
    followers = clamp(followers, t["lo"], t["hi"] - 1)
    f["followers"] = followers

    # Lifecycle: stage, age, growth.
    k.stage = STAGES[rng.weighted(t["stages"])]
    max_age = int((REF_YEAR - p["launch"]) * 365)
    lo, hi = STAGE_AGE[k.stage]
    age = rng.randint(min(lo, max_age - 30), min(hi, max_age))
    f["account_age_days"] = age
    g_mean, g_sd, g_lo, g_hi = STAGE_GROWTH[k.stage]
    growth = clamp(rng.normal(g_mean, g_sd), g_lo, g_hi)
    f["follower_growth_30d"] = int(round(followers * growth))

    # Authenticity.
    k.suspicious = rng.random() < 0.07
    if k.suspicious:
        real = rng.uniform(0.35, 0.60)
    else:
        real = clamp(rng.normal(0.88, 0.05), 0.60, 0.99)
    k.true_real_ratio = real
    audited = rng.random() >= 0.10
    f["real_follower_ratio"] = round(real, 3) if audited else None

    # Content quality: a rating, a little higher for bigger accounts.
    bonus = {"head": 0.06, "shoulder": 0.04, "waist": 0.02}.get(tier, 0.0)
    cq = clamp(rng.normal(0.62 + bonus, 0.13), 0.15, 0.97)
    f["content_quality"] = round(cq, 2)

    # Views per post, from real followers.
    views = followers * real * p["view"] * t["view"] * (0.6 + 0.8 * cq) \
        * rng.lognormal(0.45)
    views = max(1, int(round(views)))
    f["avg_views"] = views

    # Engagement per view, split into its kinds.
    er = p["er"] * t["er"] * (0.7 + 0.6 * cq) * rng.lognormal(0.35)
    er = clamp(er, 0.002, 0.4)
    engagements = views * er
    shares = [s * rng.lognormal(0.2) for s in p["split"]]
    total = sum(shares)
    likes, comments, reposts, saves = (engagements * s / total
                                       for s in shares)
    f["avg_likes"] = int(round(likes))
    f["avg_comments"] = int(round(comments))
    f["avg_shares"] = int(round(reposts)) \
        if rng.random() < p["shares"] else None
    f["avg_saves"] = int(round(saves)) \
        if p["split"][3] > 0 and rng.random() < p["saves"] else None
    f["fan_loyalty"] = round(clamp(0.12 + 2.5 * er + rng.normal(0, 0.05),
                                   0.02, 0.9), 3)

    # Posting.
    posts_30d = rng.randint(*p["posts"])
    if k.stage == "fading":
        posts_30d = max(1, int(posts_30d * 0.6))
    f["posts_30d"] = posts_30d
    f["posts"] = max(posts_30d,
                     int(age / 30 * posts_30d * rng.uniform(0.5, 1.0)))
    following = t["following"] * rng.lognormal(0.8)
    if platform in ("weibo", "instagram"):
        following *= 1.5
    f["following"] = int(round(following))

    # Price of one sponsored post (CNY).
    price = p["ppf"] * 100_000 * (followers / 100_000) ** 0.85 \
        * (0.75 + 0.5 * cq) * rng.lognormal(0.25)
    f["price"] = round_price(price)

    # Cooperation history.
    k.reliability = clamp(rng.normal(0.92, 0.07), 0.5, 1.0)
    if rng.random() < t["hired"]:
        coops = clamp(int(rng.lognormal(0.7) * 2.5), 1, 20)
        hist_views = sum(views * 0.85 * rng.lognormal(0.3)
                         for _ in range(coops))
        hist_cost = sum(f["price"] * rng.uniform(0.8, 1.05)
                        for _ in range(coops))
        ctr = p["ctr"] * t["ctr"] * rng.lognormal(0.4)
        if k.suspicious:
            ctr *= 0.5
        clicks = int(round(hist_views * ctr))
        cvr = clamp(0.05 * CATEGORY_CVR[category] * rng.lognormal(0.4),
                    0.001, 0.25)
        orders = int(round(clicks * cvr))
        revenue = orders * CATEGORY_AOV[category] * rng.lognormal(0.2)
        on_time = rng.binomial(coops, k.reliability)
        f["cooperations"] = coops
        f["hist_views"] = int(round(hist_views))
        f["hist_cost"] = int(round(hist_cost))
        f["clicks"] = clicks
        f["orders"] = orders
        f["revenue"] = round(revenue, 2)
        f["on_time_rate"] = round(on_time / coops, 3)
        f["disputes"] = rng.binomial(coops, 0.02 + 0.3 * (1 - k.reliability))
    else:
        f["cooperations"] = 0
        f["disputes"] = 0
        for c in ("hist_views", "hist_cost", "clicks", "orders", "revenue",
                  "on_time_rate"):
            f[c] = None
    return k


def make_roster(seed=SEED):
    """The roster as a list of Kol objects, in file order."""
    rng = Rng(seed)
    plan = []
    tier_shares = {name: t["share"] for name, t in TIERS.items()}
    for platform, p in PLATFORMS.items():
        tiers = list(TIERS)  # one of every tier first
        while len(tiers) < p["n"]:
            tiers.append(rng.weighted(tier_shares))
        plan.extend((platform, tier) for tier in tiers)
    rng.shuffle(plan)

    used_names = set()
    counters = {}
    roster = []
    for platform, tier in plan:
        k = make_kol(rng, platform, tier, used_names)
        counters[platform] = counters.get(platform, 0) + 1
        k.fields["id"] = f"{PLATFORMS[platform]['prefix']}-" \
                         f"{counters[platform]:03d}"
        roster.append(k)
    return roster


def tier_of(followers):
    for name, t in TIERS.items():
        if t["lo"] <= followers < t["hi"] or (name == "head" and
                                                followers >= t["lo"]):
            return name
    return "koc"


def check_roster(roster):
    """Sanity checks on the generated data (raise on failure)."""
    seen = set()
    for k in roster:
        f = k.fields
        assert f["id"] not in seen
        seen.add(f["id"])
        assert tier_of(f["followers"]) == k.tier or k.tier == "koc"
        for c in ("real_follower_ratio", "content_quality", "on_time_rate",
                  "fan_loyalty"):
            assert f[c] is None or 0.0 <= f[c] <= 1.0, (f["id"], c)
        for c in COLUMNS[4:-4]:
            v = f[c]
            if c != "follower_growth_30d":
                assert v is None or v >= 0, (f["id"], c, v)
    cells = {(k.platform, k.tier) for k in roster}
    assert len(cells) == len(PLATFORMS) * len(TIERS), "a platform x tier gap"
    names = [k.fields["name"] for k in roster]
    assert any("," in n for n in names) and any('"' in n for n in names)


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v) >= 1000 else repr(v)
    return str(v)


def render(roster):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for k in roster:
        w.writerow([fmt(k.fields[c]) for c in COLUMNS])
    return out.getvalue()


# ---------------------------------------------------------------------------
# Audience portraits (roster columns portrait_gender ... portrait_interest)
# ---------------------------------------------------------------------------

PORTRAIT_COLUMNS = ["portrait_gender", "portrait_age", "portrait_region",
                    "portrait_interest"]
# Share of women in the audience by category (before noise).
FEMALE_SHARE = dict(beauty=0.86, fashion=0.76, parenting=0.80, food=0.60,
                    travel=0.56, fitness=0.50, home=0.66, pets=0.62,
                    education=0.50, tech=0.24, gaming=0.26, finance=0.36)
AGE_BANDS = ("18-24", "25-30", "31-40", "41+")
# Age-band weights by platform (audience age skew).
AGE_WEIGHTS = {
    "douyin": (0.30, 0.32, 0.25, 0.13), "xiaohongshu": (0.38, 0.36, 0.20, 0.06),
    "kuaishou": (0.22, 0.28, 0.30, 0.20), "bilibili": (0.55, 0.28, 0.13, 0.04),
    "weibo": (0.26, 0.32, 0.27, 0.15), "instagram": (0.36, 0.32, 0.22, 0.10),
    "tiktok": (0.48, 0.28, 0.16, 0.08), "youtube": (0.28, 0.30, 0.26, 0.16),
}
CN_REGIONS = ("tier1", "new-tier1", "tier2", "tier3-below")
CN_REGION_WEIGHTS = {
    "douyin": (0.18, 0.24, 0.24, 0.34), "xiaohongshu": (0.34, 0.30, 0.20, 0.16),
    "kuaishou": (0.08, 0.16, 0.26, 0.50), "bilibili": (0.26, 0.28, 0.24, 0.22),
    "weibo": (0.20, 0.26, 0.26, 0.28),
}
INTL_REGIONS = ("north-america", "europe", "asia-pacific", "other")
INTL_REGION_WEIGHTS = (0.34, 0.26, 0.28, 0.12)
CATEGORIES = sorted(CATEGORY_AOV)


def fmt_share(x):
    return f"{x:.2f}"


def portrait_cell(labels, weights):
    """'label:share;...' with shares rounded to 2 decimals (the last one
    takes the rounding remainder so the cell sums to exactly 1.00)."""
    total = sum(weights)
    shares = [round(w / total, 2) for w in weights]
    shares[-1] = round(1.0 - sum(shares[:-1]), 2)
    if shares[-1] < 0:  # never happens with the weights above; be safe
        shares[-1] = 0.0
    return ";".join(f"{lab}:{fmt_share(s)}" for lab, s in zip(labels, shares))


def add_portraits(roster, seed=SEED + 1):
    """Audience portrait of every KOL, from its own random stream (so the
    columns above keep their values). Gender follows the category (beauty
    audiences are mostly women, gaming and tech mostly men), age the
    platform (bilibili and tiktok young, kuaishou older), region the
    platform (xiaohongshu urban, kuaishou lower-tier cities; international
    platforms by continent), and interest the KOL's own category first plus
    two related ones. Each share gets lognormal noise (sigma 0.25)."""
    rng = Rng(seed)
    for k in roster:
        f = k.fields
        cat = f["category"]
        female = clamp(FEMALE_SHARE[cat] + rng.normal(0, 0.06), 0.05, 0.97)
        f["portrait_gender"] = portrait_cell(("female", "male"),
                                             (female, 1.0 - female))
        ages = [w * rng.lognormal(0.25) for w in AGE_WEIGHTS[k.platform]]
        f["portrait_age"] = portrait_cell(AGE_BANDS, ages)
        if k.platform in CHINESE_PLATFORMS:
            labels, base = CN_REGIONS, CN_REGION_WEIGHTS[k.platform]
        else:
            labels, base = INTL_REGIONS, INTL_REGION_WEIGHTS
        f["portrait_region"] = portrait_cell(
            labels, [w * rng.lognormal(0.25) for w in base])
        others = [c for c in CATEGORIES if c != cat]
        a = rng.choice(others)
        b = rng.choice([c for c in others if c != a])
        f["portrait_interest"] = portrait_cell(
            (cat, a, b), (0.55 * rng.lognormal(0.2), 0.28 * rng.lognormal(0.3),
                          0.17 * rng.lognormal(0.3)))


# ---------------------------------------------------------------------------
# The campaign: deliveries, minute traffic, follower samples, follower ids
# ---------------------------------------------------------------------------

CAMPAIGN = "spring-glow"
CAMPAIGN_SEED = SEED + 2
# How many KOLs of each tier the beauty brand hired (a pyramid).
CAMPAIGN_TIERS = dict(head=2, shoulder=5, waist=10, tail=12, koc=8)
CAMPAIGN_CATEGORIES = ("beauty", "fashion")
# The accounts with bought followers that the agency hired anyway (so the
# audience-quality and traffic sections have something to find).
CAMPAIGN_FORCED = ("xhs-016", "dy-014")
# Minute traffic: posts published at 2026-06-01 12:00 UTC, watched for
# TRAFFIC_MINUTES minutes.
TRAFFIC_START = 1780315200  # 2026-06-01T12:00:00Z
TRAFFIC_MINUTES = 720
# Per traffic post: what was bought. (kind, channel, start minute, length,
# amount per minute).
TRAFFIC_FRAUD = [
    ("clean", None, 0, 0, 0),
    ("burst", "views", 300, 12, 9.0),    # x baseline views for 12 minutes
    ("drip", "likes", 420, 200, 30),     # a steady 30 likes per minute
    ("inflated", "follows", 180, 15, 120),  # follows without views
    ("clean", None, 0, 0, 0),
]
TRAFFIC_CHANNELS = ("views", "likes", "comments", "shares", "follows")
PROFILE_FEATURES = ("followers", "following", "posts", "has_avatar",
                    "bio_length", "private", "username_digits",
                    "username_length", "account_age_days")
PROFILE_SAMPLE = 200  # followers sampled per audited KOL
FOLLOWER_ID_BASE = 10_000_000


def poisson(rng, lam):
    """Poisson draw: Knuth's product method for small means, a rounded
    normal approximation above 30."""
    if lam <= 0:
        return 0
    if lam < 30:
        limit = math.exp(-lam)
        k, prod = 0, rng.random()
        while prod > limit:
            k += 1
            prod *= rng.random()
        return k
    return max(0, int(round(lam + math.sqrt(lam) * rng.normal())))


def iso_minute(ts):
    days, rem = divmod(ts, 86400)
    # Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y += 1 if m <= 2 else 0
    return f"{y:04d}-{m:02d}-{d:02d}T{rem // 3600:02d}:{rem % 3600 // 60:02d}:00Z"


def pick_campaign(roster, rng):
    """The hired KOLs: CAMPAIGN_TIERS of each tier among beauty and fashion
    accounts (the forced ones first), in roster order."""
    chosen = set(CAMPAIGN_FORCED)
    for tier, n in CAMPAIGN_TIERS.items():
        pool = [k for k in roster if k.tier == tier
                and k.fields["category"] in CAMPAIGN_CATEGORIES
                and k.fields["id"] not in chosen]
        have = sum(1 for k in roster if k.tier == tier
                   and k.fields["id"] in chosen)
        rng.shuffle(pool)
        for k in pool[:max(0, n - have)]:
            chosen.add(k.fields["id"])
    return [k for k in roster if k.fields["id"] in chosen]


def make_traffic(k, fraud, rng):
    """Minute increments of one post: organic views follow a fast rise and
    a slow decay (1 - e^(-t/6)) e^(-t/200), scaled so the 12 hours bring
    about the account's average views; likes, comments, shares and follows
    are Poisson thinnings of each minute's views with the account's rates.
    Each minute's mean gets a factor uniform in [0.8, 1.2]
    (over-dispersion without heavy tails).
    Then the bought traffic is added on top."""
    f = k.fields
    views_total = f["avg_views"] * rng.lognormal(0.2)
    shape = [(1 - math.exp(-(t + 1) / 6.0)) * math.exp(-t / 200.0)
             for t in range(TRAFFIC_MINUTES)]
    norm = sum(shape)
    lr = f["avg_likes"] / max(f["avg_views"], 1)
    cr = f["avg_comments"] / max(f["avg_views"], 1)
    sr = (f["avg_shares"] or 0) / max(f["avg_views"], 1)
    fr = 0.004 * k.true_real_ratio
    kind, channel, start, length, amount = fraud
    rows = []
    for t in range(TRAFFIC_MINUTES):
        # Organic traffic is over-dispersed (feeds push a post in waves):
        # a factor uniform in [0.8, 1.2] on each minute's mean.
        lam = views_total * shape[t] / norm * rng.uniform(0.8, 1.2)
        v = poisson(rng, lam)
        row = dict(views=v, likes=poisson(rng, v * lr),
                   comments=poisson(rng, v * cr),
                   shares=poisson(rng, v * sr), follows=poisson(rng, v * fr))
        if kind != "clean" and start <= t < start + length:
            if kind == "burst":
                extra = int(round(lam * amount))
                row["views"] += extra
                row["likes"] += int(round(extra * lr * 0.5))
            elif kind == "drip":
                row[channel] += amount + (1 if t % 7 == 0 else 0)
            else:  # inflated: one channel, no views to go with it
                row[channel] += poisson(rng, amount)
        rows.append(row)
    return rows


def follower_profile(rng, fake):
    """Profile features of one sampled follower, real or fake, with
    distributions shaped after the instafake data (fakes: few followers,
    many followees, few posts, often no avatar, digits in the name, young
    accounts)."""
    if fake:
        name_len = rng.randint(8, 16)
        return dict(
            followers=int(rng.lognormal(1.0) * 8),
            following=int(rng.lognormal(0.6) * 1200),
            posts=rng.randint(0, 3),
            has_avatar=1 if rng.random() < 0.35 else 0,
            bio_length=0 if rng.random() < 0.8 else rng.randint(1, 20),
            private=1 if rng.random() < 0.1 else 0,
            username_digits=min(name_len, rng.randint(3, 8)),
            username_length=name_len,
            account_age_days=rng.randint(3, 200))
    name_len = rng.randint(6, 15)
    return dict(
        followers=int(rng.lognormal(1.0) * 180),
        following=int(rng.lognormal(0.7) * 250),
        posts=int(rng.lognormal(1.0) * 45),
        has_avatar=1 if rng.random() < 0.96 else 0,
        bio_length=0 if rng.random() < 0.3 else rng.randint(5, 120),
        private=1 if rng.random() < 0.6 else 0,
        username_digits=min(name_len, rng.randint(0, 2)
                            if rng.random() < 0.8 else rng.randint(2, 4)),
        username_length=name_len,
        account_age_days=rng.randint(150, 3600))


def audience_size(followers):
    """Follower ids shipped per KOL: a log scale of the follower count
    (the shipped ids are a sample, not the whole audience)."""
    return int(clamp(round(300 * math.log10(max(followers, 1000) / 1000.0)),
                     100, 1500))


def make_campaign(roster, seed=CAMPAIGN_SEED):
    """Deliveries, traffic, follower profiles and follower ids of the
    campaign, as a dict of CSV texts."""
    rng = Rng(seed)
    hired = pick_campaign(roster, rng)
    # Traffic posts: five mid-size accounts (shoulder and waist), the
    # suspicious waist account among them (its post gets the drip).
    mids = [k for k in hired if k.tier in ("shoulder", "waist")
            and k.fields["id"] not in CAMPAIGN_FORCED]
    rng.shuffle(mids)
    traffic_kols = mids[:5]
    forced_waist = [k for k in hired if k.fields["id"] == "xhs-016"]
    if forced_waist:
        traffic_kols[2] = forced_waist[0]
    traffic_ids = {k.fields["id"]: i for i, k in enumerate(traffic_kols)}

    traffic = io.StringIO()
    tw = csv.writer(traffic, lineterminator="\n")
    tw.writerow(("post_id", "timestamp") + TRAFFIC_CHANNELS)
    sums = {}
    for i, k in enumerate(traffic_kols):
        post = f"{CAMPAIGN}-{k.fields['id']}"
        rows = make_traffic(k, TRAFFIC_FRAUD[i], rng)
        sums[k.fields["id"]] = {c: sum(r[c] for r in rows)
                                for c in TRAFFIC_CHANNELS}
        for t, r in enumerate(rows):
            tw.writerow([post, iso_minute(TRAFFIC_START + 60 * t)]
                        + [r[c] for c in TRAFFIC_CHANNELS])

    deliveries = io.StringIO()
    dw = csv.writer(deliveries, lineterminator="\n")
    dcols = ("campaign", "kol_id", "platform", "tier", "category", "post_id",
             "cost", "impressions", "views", "likes", "comments", "shares",
             "saves", "clicks", "orders", "revenue", "follower_gain",
             "followers", "content_quality")
    dw.writerow(dcols)
    for k in hired:
        f = k.fields
        kid = f["id"]
        cost = round_price(f["price"] * rng.uniform(0.85, 1.05))
        if kid in sums:
            s = sums[kid]
            views, likes, comments = s["views"], s["likes"], s["comments"]
            shares, gain = s["shares"], s["follows"]
        else:
            views = int(f["avg_views"] * rng.lognormal(0.35))
            ratio = views / max(f["avg_views"], 1)
            likes = int(f["avg_likes"] * ratio * rng.lognormal(0.1))
            comments = int(f["avg_comments"] * ratio * rng.lognormal(0.1))
            shares = int((f["avg_shares"] or 0) * ratio * rng.lognormal(0.1))
            gain = int(views * 0.004 * k.true_real_ratio
                       * rng.lognormal(0.3))
        saves = int((f["avg_saves"] or 0) * views / max(f["avg_views"], 1)
                    * rng.lognormal(0.1)) if f["avg_saves"] else ""
        impressions = int(views * rng.uniform(1.6, 2.4))
        ctr = PLATFORMS[k.platform]["ctr"] * TIERS[k.tier]["ctr"] \
            * rng.lognormal(0.3) * (0.5 if k.suspicious else 1.0)
        clicks = int(round(views * ctr))
        cvr = clamp(0.05 * CATEGORY_CVR[f["category"]] * rng.lognormal(0.3),
                    0.001, 0.25)
        orders = int(round(clicks * cvr))
        revenue = round(orders * CATEGORY_AOV[f["category"]]
                        * rng.lognormal(0.15), 2)
        if rng.random() < 0.05:  # a refund wave larger than the sales
            revenue = -round(revenue * 0.1 + 50, 2)
        dw.writerow([CAMPAIGN, kid, k.platform, k.tier, f["category"],
                     f"{CAMPAIGN}-{kid}", cost, impressions, views, likes,
                     comments, shares, saves, clicks, orders, fmt(revenue),
                     gain, f["followers"], fmt(f["content_quality"])])

    # Follower samples for audience quality: the traffic posts' accounts
    # and the forced ones, PROFILE_SAMPLE followers each, fake with the
    # account's true fake share.
    audited = traffic_kols + [k for k in hired
                              if k.fields["id"] in CAMPAIGN_FORCED
                              and k not in traffic_kols]
    profiles = io.StringIO()
    pw = csv.writer(profiles, lineterminator="\n")
    pw.writerow(("kol_id",) + PROFILE_FEATURES)
    for k in audited:
        for _ in range(PROFILE_SAMPLE):
            p = follower_profile(rng, rng.random() >= k.true_real_ratio)
            pw.writerow([k.fields["id"]] + [p[c] for c in PROFILE_FEATURES])

    # Follower ids for overlap: one community of ids per category (people
    # who follow beauty accounts follow several), plus a global pool.
    followers = io.StringIO()
    fw = csv.writer(followers, lineterminator="\n")
    fw.writerow(("kol_id", "follower_id"))
    community = {c: FOLLOWER_ID_BASE + i * 100_000
                 for i, c in enumerate(CATEGORIES)}
    for k in hired:
        n = audience_size(k.fields["followers"])
        base = community[k.fields["category"]]
        seen = set()
        while len(seen) < n:
            if rng.random() < 0.7:
                fid = base + rng.randint(0, 7999)
            else:
                fid = FOLLOWER_ID_BASE + 5_000_000 + rng.randint(0, 199_999)
            if fid not in seen:
                seen.add(fid)
                fw.writerow((k.fields["id"], fid))
    return dict(deliveries=deliveries.getvalue(), traffic=traffic.getvalue(),
                profiles=profiles.getvalue(), followers=followers.getvalue())


OUTPUTS = (("roster", "roster.csv"), ("deliveries", "deliveries.csv"),
           ("traffic", "traffic.csv"), ("profiles", "followers_profile.csv"),
           ("followers", "followers.csv"))


def make_all():
    roster = make_roster()
    check_roster(roster)
    add_portraits(roster)
    texts = make_campaign(roster)
    texts["roster"] = render(roster)
    return texts


def main(argv=None):
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=None,
                    help="write (or check) only the roster, to this file "
                         "('-' for stdout)")
    ap.add_argument("--dir", default=str(here),
                    help="directory of the five files (default: beside "
                         "this script)")
    ap.add_argument("--check", action="store_true",
                    help="compare with the files instead of writing them")
    args = ap.parse_args(argv)

    texts = make_all()
    if args.out is not None:
        targets = [(texts["roster"], args.out)]
    else:
        targets = [(texts[key], str(Path(args.dir) / name))
                   for key, name in OUTPUTS]
    status = 0
    for text, path in targets:
        if args.check:
            try:
                current = Path(path).read_text(encoding="utf-8")
            except OSError as e:
                print(f"{path}: {e.strerror}", file=sys.stderr)
                status = 1
                continue
            if current != text:
                print(f"{path} differs from the generator's output",
                      file=sys.stderr)
                status = 1
        elif path == "-":
            sys.stdout.write(text)
        else:
            Path(path).write_text(text, encoding="utf-8", newline="")
    return status


if __name__ == "__main__":
    sys.exit(main())
