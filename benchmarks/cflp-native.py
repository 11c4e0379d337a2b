#!/usr/bin/env python3
"""Reference solve of a cflp instance with scipy.optimize.milp (native HiGHS).

    python3 benchmarks/cflp-native.py INSTANCE.json [--time-limit 20] [--weak] [--gap 0] [--disp]

INSTANCE.json: {"scenario": {demand, sites, metric}, "problem": {type: "cflp", ...}} as written by
benchmarks/cflp.ts --native (the same objects it passes to solve()). Prints one JSON line:
status, objective, bound, gap, seconds (model build + solve), build_seconds, peak_mb (ru_maxrss),
open, new_sites, cost, covered, fraction, vars, rows, nnz.

The model (a reading of the brief; the library's own model is the reference for semantics):
  y[j,k] ∈ {0,1}  new site j opens at option k (its modules, or the problem's modules, or its own
                  cost/capacity when it has neither); Σ_k y[j,k] ≤ 1.
                  An existing site is open at its own capacity; its modules (if any) are expansions,
                  at most one, added on top.
  x[i,j] ∈ {0,1}  (continuous in [0,1] with singleSource: false) point i served by site j, only for
                  dist(i,j) ≤ reach; every point with weight > 0 served once: Σ_j x[i,j] = 1.
  capacity        Σ_i u_i x[i,j] ≤ Σ_k cap_k y[j,k]   (+ own capacity for an existing site)
  minimum use     Σ_i u_i x[i,j] ≥ Σ_k min_k y[j,k]   (min_k = module.min or minUse × cap_k; new sites)
  linking         x[i,j] ≤ Σ_k y[j,k] for new sites   (omitted with --weak)
  coverage        Σ_{i,j: dist ≤ radius} w_i x[i,j] ≥ coverage × Σ w_i
  objective       min Σ cost_k y[j,k] + distanceCost × Σ w_i dist(i,j) x[i,j]   (weight, as packages/core/src/lp/cflp.ts)
  budget variant  max Σ_{dist ≤ radius} w_i x[i,j]  s.t.  Σ cost_k y[j,k] ≤ budget
u_i = demand units = weight (or the standard's field) × units / per.
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
    path = args[0]
    time_limit = float(args[args.index("--time-limit") + 1]) if "--time-limit" in args else 20.0
    gap = float(args[args.index("--gap") + 1]) if "--gap" in args else 0.0
    weak = "--weak" in args
    t0 = time.perf_counter()
    try:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_matrix
    except ImportError as e:  # scipy is optional: the TS bench shows a note instead of the column
        print(json.dumps({"status": "unavailable", "message": f"scipy not importable: {e}"}))
        return

    with open(path) as f:
        data = json.load(f)
    sc, pr = data["scenario"], data["problem"]
    demand, sites = sc["demand"], sc["sites"]
    if sc.get("metric", "euclidean") != "euclidean":
        raise SystemExit("only metric euclidean is supported")
    reach, radius = float(pr["reach"]), float(pr.get("radius", pr["reach"]))
    min_use = float(pr.get("minUse", 0))
    single = pr.get("singleSource", True)
    dcost = float(pr.get("distanceCost", 0) or 0)
    budget = pr.get("budget")
    target = pr.get("coverage")
    std = pr.get("standard")

    n, m = len(demand), len(sites)
    w = np.array([float(d["weight"]) for d in demand])
    if std:
        of = std.get("of", "weight")
        base = w if of == "weight" else np.array([float(d[of]) for d in demand])
        u = base * float(std["units"]) / float(std["per"])
    else:
        u = w.copy()
    dx = np.array([float(d["x"]) for d in demand])
    dy = np.array([float(d["y"]) for d in demand])
    sx = np.array([float(s["x"]) for s in sites])
    sy = np.array([float(s["y"]) for s in sites])

    # options per site: (cost, capacity, min)
    opts = []
    for s in sites:
        mods = s.get("modules") or (None if s.get("existing") else pr.get("modules"))
        if mods:
            opts.append([(float(md["cost"]), float(md["capacity"]), float(md["min"]) if md.get("min") is not None else min_use * float(md["capacity"])) for md in mods])
        elif s.get("existing"):
            opts.append([])
        else:
            cap = float(s.get("capacity", np.inf))
            opts.append([(float(s.get("cost", 0)), cap, min_use * cap if np.isfinite(cap) else 0.0)])
    existing = np.array([bool(s.get("existing")) for s in sites])
    own_cap = np.array([float(s.get("capacity", np.inf)) if s.get("existing") else 0.0 for s in sites])

    # y columns
    y_site, y_cost, y_cap, y_min = [], [], [], []
    for j, ol in enumerate(opts):
        for c, cap, mn in ol:
            y_site.append(j)
            y_cost.append(c)
            y_cap.append(cap)
            y_min.append(0.0 if existing[j] else mn)
    ny = len(y_site)
    y_site = np.array(y_site, dtype=np.int64)
    y_cost, y_cap, y_min = np.array(y_cost), np.array(y_cap), np.array(y_min)

    # x columns: (i, j) with dist ≤ reach, for points with weight > 0
    xi, xj, xd = [], [], []
    pos = np.nonzero(w > 0)[0]
    for i in pos:
        d = np.sqrt((sx - dx[i]) ** 2 + (sy - dy[i]) ** 2)
        js = np.nonzero(d <= reach)[0]
        if len(js) == 0:
            print(json.dumps({"status": "infeasible", "message": f"demand {demand[i]['id']} has no site within reach"}))
            return
        xi.append(np.full(len(js), i, dtype=np.int64))
        xj.append(js)
        xd.append(d[js])
    xi, xj, xd = np.concatenate(xi), np.concatenate(xj), np.concatenate(xd)
    nx = len(xi)
    nv = ny + nx
    xcol = ny + np.arange(nx)
    inrad = xd <= radius

    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0

    def block(rr, cc, vv):
        rows.append(np.asarray(rr, dtype=np.int64))
        cols.append(np.asarray(cc, dtype=np.int64))
        vals.append(np.asarray(vv, dtype=float))

    # assignment: Σ_j x_ij = 1 per positive point
    prow = np.full(n, -1, dtype=np.int64)
    prow[pos] = r + np.arange(len(pos))
    block(prow[xi], xcol, np.ones(nx))
    lo += [1.0] * len(pos)
    hi += [1.0] * len(pos)
    r += len(pos)
    # at most one option per site
    multi = [j for j in range(m) if len(opts[j]) > 1]
    if multi:
        mrow = np.full(m, -1, dtype=np.int64)
        mrow[multi] = r + np.arange(len(multi))
        sel = mrow[y_site] >= 0
        block(mrow[y_site[sel]], np.nonzero(sel)[0], np.ones(sel.sum()))
        lo += [0.0] * len(multi)
        hi += [1.0] * len(multi)
        r += len(multi)
    # capacity: Σ u x − Σ cap y ≤ own capacity (0 for new sites); sites with finite capacity only
    fin_y = np.isfinite(y_cap)
    unbounded_site = np.zeros(m, dtype=bool)
    for j in range(m):
        if existing[j]:
            unbounded_site[j] = not np.isfinite(own_cap[j]) or any(not np.isfinite(c) for _, c, _ in opts[j])
        else:
            unbounded_site[j] = any(not np.isfinite(c) for _, c, _ in opts[j])
    crow = np.full(m, -1, dtype=np.int64)
    capped = np.nonzero(~unbounded_site)[0]
    crow[capped] = r + np.arange(len(capped))
    selx = crow[xj] >= 0
    block(crow[xj[selx]], xcol[selx], u[xi[selx]])
    sely = (crow[y_site] >= 0) & fin_y
    block(crow[y_site[sely]], np.nonzero(sely)[0], -y_cap[sely])
    lo += [-np.inf] * len(capped)
    hi += [float(own_cap[j]) if existing[j] else 0.0 for j in capped]
    r += len(capped)
    # minimum use: Σ u x − Σ min y ≥ 0 (new sites with a positive minimum)
    need = [j for j in range(m) if not existing[j] and any(mn > 0 for _, _, mn in opts[j])]
    if need:
        nrow = np.full(m, -1, dtype=np.int64)
        nrow[need] = r + np.arange(len(need))
        selx = nrow[xj] >= 0
        block(nrow[xj[selx]], xcol[selx], u[xi[selx]])
        sely = nrow[y_site] >= 0
        block(nrow[y_site[sely]], np.nonzero(sely)[0], -y_min[sely])
        lo += [0.0] * len(need)
        hi += [np.inf] * len(need)
        r += len(need)
    # linking: x_ij − Σ_k y_jk ≤ 0 (new sites)
    if not weak:
        lk = np.nonzero(~existing[xj])[0]
        lrow = r + np.arange(len(lk))
        block(lrow, xcol[lk], np.ones(len(lk)))
        # each y column of site j appears in every linking row of site j (y columns are grouped by site)
        cnt = np.bincount(y_site, minlength=m)
        start = np.concatenate(([0], np.cumsum(cnt)[:-1]))
        rep = cnt[xj[lk]]
        rr = np.repeat(lrow, rep)
        first = np.repeat(start[xj[lk]], rep)
        offs = np.arange(len(rr)) - np.repeat(np.cumsum(rep) - rep, rep)
        cc = first + offs
        block(rr, cc, -np.ones(len(rr)))
        lo += [-np.inf] * len(lk)
        hi += [0.0] * len(lk)
        r += len(lk)
    total_w = float(w.sum())
    c = np.zeros(nv)
    if budget is None:
        # coverage target
        block(np.full(int(inrad.sum()), r), xcol[inrad], w[xi[inrad]])
        lo.append(float(target if target is not None else 0) * total_w)
        hi.append(np.inf)
        r += 1
        c[:ny] = y_cost
        if dcost:
            c[ny:] = dcost * w[xi] * xd
    else:
        block(np.full(ny, r), np.arange(ny), y_cost)
        lo.append(-np.inf)
        hi.append(float(budget))
        r += 1
        c[ny:][inrad] = -w[xi[inrad]]  # maximise → minimise the negative
    A = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, nv)).tocsr()
    integrality = np.ones(nv)
    if not single:
        integrality[ny:] = 0
    build = time.perf_counter() - t0
    res = milp(
        c,
        constraints=LinearConstraint(A, np.array(lo), np.array(hi)),
        integrality=integrality,
        bounds=Bounds(np.zeros(nv), np.ones(nv)),
        options={"time_limit": time_limit, "mip_rel_gap": gap, "disp": "--disp" in args},
    )
    seconds = time.perf_counter() - t0
    sign = 1.0 if budget is None else -1.0
    status = {0: "optimal", 1: "time_limit", 2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    out = {
        "status": status,
        "objective": None,
        "bound": None,
        "gap": None,
        "seconds": seconds,
        "build_seconds": build,
        "vars": nv,
        "rows": r,
        "nnz": int(A.nnz),
        "message": res.message,
    }
    if res.x is not None:
        x = res.x
        yv = x[:ny] > 0.5
        cost = float(y_cost[yv].sum())
        xv = x[ny:]
        covered = float((w[xi] * xv)[inrad].sum())
        open_sites = sorted(set(np.nonzero(existing)[0].tolist()) | set(y_site[yv].tolist()))
        obj = cost + (float((dcost * w[xi] * xd * xv).sum()) if dcost else 0.0) if budget is None else covered
        out.update(
            objective=obj,
            cost=cost,
            covered=covered,
            fraction=covered / total_w if total_w else 1.0,
            open=len(open_sites),
            new_sites=int(yv.sum()),
        )
        if status == "time_limit":
            out["status"] = "time_limit"
    bound = getattr(res, "mip_dual_bound", None)
    if bound is not None and np.isfinite(bound):
        out["bound"] = sign * float(bound)
        if out["objective"] is not None:
            o = out["objective"]
            out["gap"] = abs(o - out["bound"]) / max(abs(o), 1e-300) if o != out["bound"] else 0.0
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
