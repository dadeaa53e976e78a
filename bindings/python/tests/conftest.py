"""pytest fixtures of the binding tests. KOL_LIBRARY points at the library
under test (the ctest test bindings_python sets it to the built libkol)."""

import gc
import os
import subprocess
import sys
import textwrap

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
# Test the package of this tree, not an installed one.
sys.path.insert(0, PKG)

import kol  # noqa: E402


@pytest.fixture
def ctx():
    c = kol.Context()
    yield c
    c.close()
    gc.collect()


def sample_records():
    """Six accounts from nano to mega, with the metrics the value model
    reads."""
    rows = [
        ("nano-1", "douyin", 1500, 900, 120, 15, 9000, 50),
        ("micro-1", "douyin", 18000, 6000, 700, 60, 40000, 400),
        ("micro-2", "xiaohongshu", 25000, 3000, 150, 8, 15000, 900),
        ("mid-1", "douyin", 90000, 30000, 2500, 200, 150000, 3000),
        ("macro-1", "weibo", 600000, 80000, 3000, 100, 2000000, 20000),
        ("mega-1", "douyin", 3000000, 400000, 20000, 900, 9000000, 90000),
    ]
    out = []
    for rid, platform, followers, views, likes, comments, growth, price in rows:
        out.append({"id": rid, "platform": platform, "followers": followers,
                    "avg_views": views, "avg_likes": likes, "avg_comments": comments,
                    "follower_growth_30d": growth / 100.0, "price": price,
                    "posts_30d": 12, "account_age_days": 900})
    return out


def run_child(body):
    """Run @p body in a fresh interpreter with this tree's package; returns
    (exit status, output)."""
    script = "import sys\nsys.path.insert(0, %r)\nimport gc, kol\n" % PKG + textwrap.dedent(body)
    res = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True, env=os.environ,
                         timeout=300)
    return res.returncode, res.stdout
