# Hand labels: the one remaining short flash post (corpus/posts). Format: see build.py.
# ruff: noqa: F821  (label data: long Chinese strings; build.py injects R)
P = "posts/2021-12-08-2021120822"

R(
    P + "06907291.md",
    "印度央行将关键利率维持在4.00%不变，符合市场预期。",
    ["印度央行|印度储备银行|RBI", "4.00%|维持|不变"],
    [("4.00%", "k", "利率|回购利率")],
)
