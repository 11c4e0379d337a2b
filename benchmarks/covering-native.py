#!/usr/bin/env python3
"""Reference solve of a covering instance with scipy.optimize.milp (native HiGHS).

    python3 benchmarks/covering-native.py INSTANCE.json [--time-limit 60] [--lp]

INSTANCE.json, as written by benchmarks/covering.ts --native: {"problem": "mclp" | "lscp",
"p": int (mclp), "cols": m, "ptr": [...], "idx": [...], "weight": [...]} — the demand rows (site
lists) after merging equal ones, with their summed weights; no existing sites, unit site costs.
Prints one JSON line: status, objective, bound, gap, seconds (model build + solve), lp (the LP
relaxation's value, with --lp), peak_mb (ru_maxrss).

  mclp  max Σ_i w_i z_i  s.t.  z_i ≤ Σ_{j ∈ N_i} y_j,  Σ_j y_j ≤ p,  y ∈ {0,1}, z ∈ [0,1]
  lscp  min Σ_j y_j      s.t.  Σ_{j ∈ N_i} y_j ≥ 1,    y ∈ {0,1}
"""
import json
import resource
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if args else 2)
    time_limit = float(args[args.index("--time-limit") + 1]) if "--time-limit" in args else 60.0
    t0 = time.perf_counter()
    try:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_matrix, hstack, vstack, identity
    except ImportError as e:
        print(json.dumps({"status": "unavailable", "message": f"scipy not importable: {e}"}))
        return
    with open(args[0]) as f:
        data = json.load(f)
    m = int(data["cols"])
    ptr = np.asarray(data["ptr"], dtype=np.int64)
    idx = np.asarray(data["idx"], dtype=np.int64)
    w = np.asarray(data["weight"], dtype=float)
    R = len(ptr) - 1
    N = csr_matrix((np.ones(len(idx)), idx, ptr), shape=(R, m))
    if data["problem"] == "mclp":
        # variables: y (m), z (R); maximise → minimise −w·z
        c = np.concatenate([np.zeros(m), -w])
        A = vstack([hstack([-N, identity(R, format="csr")]), hstack([csr_matrix(np.ones((1, m))), csr_matrix((1, R))])]).tocsr()
        lo = np.concatenate([np.full(R, -np.inf), [-np.inf]])
        hi = np.concatenate([np.zeros(R), [float(data["p"])]])
        integrality = np.concatenate([np.ones(m), np.zeros(R)])
        sign = -1.0
    else:
        c = np.ones(m)
        A = N
        lo = np.ones(R)
        hi = np.full(R, np.inf)
        integrality = np.ones(m)
        sign = 1.0
    cons = LinearConstraint(A, lo, hi)
    bounds = Bounds(np.zeros(len(c)), np.ones(len(c)))
    lp = None
    if "--lp" in args:
        r = milp(c, constraints=cons, bounds=bounds, integrality=np.zeros(len(c)))
        lp = None if r.fun is None else sign * float(r.fun)
    res = milp(c, constraints=cons, bounds=bounds, integrality=integrality, options={"time_limit": time_limit, "mip_rel_gap": 0})
    seconds = time.perf_counter() - t0
    obj = None if res.fun is None else sign * float(res.fun)
    bound = getattr(res, "mip_dual_bound", None)
    bound = None if bound is None else sign * float(bound)
    status = {0: "optimal", 1: "time_limit"}.get(res.status, f"status {res.status}")
    gap = None
    if obj is not None and bound is not None:
        gap = abs(obj - bound) / max(1.0, abs(obj))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"status": status, "objective": obj, "bound": bound, "gap": gap, "seconds": seconds, "lp": lp, "peak_mb": peak}))


if __name__ == "__main__":
    main()
