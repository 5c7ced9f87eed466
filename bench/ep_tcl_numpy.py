"""Temporal contrastive learning (TCL) on MNIST in numpy, float64, one thread: the bench's
yardstick for phaseless's TCL epoch.

Written from the equations ([TCL], docs/ep-mnist.md "Temporal contrastive learning: what
exactly runs"), not from phaseless's code. Per batch, after the free phase (shared with the
classic yardstick, bench/ep_numpy.py):

- The cycle: a quantised asymmetric sawtooth of `levels` levels per ramp, beta v for
  v = 1/L .. L/L over the rise (rise * period, each level rise * period / L long) and
  v = (L-1)/L .. 0 over the fall ((1 - rise) * period / L each). Each level's duration is cut
  into riseSubsteps / fallSubsteps equal ticks.
- The network follows it quasi-statically, the weights held: with levelStart "free" each level
  relaxes `nudged` steps from the free state at nudge v beta, so a level's state depends on v
  only (the fall reuses the rise's states; v = 0, which no rise level has, relaxes from the free
  state too); with "previous" each level relaxes from the previous level's state.
- Each synapse's signal, held over each level at that level's state: the batch mean
  s = -mean_n rho(a_n) rho(b_n) of a weight between units a and b, s = -mean_n rho(b_n) for a
  bias (rho the identity on [0, 1], where the states live).
- u = K * s with the chemotaxis kernel K(t) = A e^{-Bt} (t - C t^2) (papers.md section 3),
  read at the end of every tick; the update is w -= (lr / beta) sum_ticks g(u) dt
  (right-endpoint quadrature of dw/dt = -lr g(u)), g(u) = u if |u| >= theta else 0, theta per
  group, beta the batch's signed nudge.
- filterStart "periodic": the signal is the cycle repeated forever, so u sums the kernel over
  every past period; "rest": s held at the free state's signal since t = -infinity, then one
  cycle.

Vectorised: K * s is linear in s, so u at every tick of every synapse is U = H S, S the
(kept states x synapses) signals and H (ticks x kept states) the kernel integrated over the
pieces of the cycle, from the kernel's closed-form step response
Hs(a) = int_0^a K = A [(1 - e (1 + x)) / B^2 - C (2 - e (2 + 2x + x^2)) / B^3], x = B a,
e = e^{-x}. H is checked once against the kernel's three-integrator cascade stepped over
repeated cycles (its exactness is what phaseless relies on). With kernel area 0 a synapse whose
signal varies too little over the cycle to reach theta (total variation times the largest step
response, summed over past cycles) is skipped: its g(u) is 0 at every tick, exactly.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/ep_tcl_numpy.py DIR

DIR as for bench/ep_numpy.py, params.json with the TCL fields under "tcl"; prints one JSON
line and leaves the trained weights in DIR as W<l>.out.f64.
"""
import math
import sys

import numpy as np

from ep_numpy import EpRun

# Columns of U computed at a time (ticks x CHUNK floats).
CHUNK = 16384


def step_response(B, I, a):
    """int_0^a K(t) dt for the chemotaxis kernel of rate B and area I (a >= 0, array)."""
    A = 3 * I * B * B + B * B * B
    C = (B * B + 2 * B * I) / (6 * I + 2 * B)
    x = B * np.asarray(a, dtype=np.float64)
    e = np.exp(-x)
    one = -np.expm1(-x)  # 1 - e
    return A * ((one - e * x) / B**2 - C * (2 * one - e * (2 * x + x * x)) / B**3)


class Cycle:
    """The ticks of one sawtooth cycle: their dt, the kept state each holds, and H."""

    def __init__(self, t):
        L = t["levels"]
        rise_len = (t["rise"] * t["period"]) / L
        fall_len = ((1 - t["rise"]) * t["period"]) / L
        # (v, duration, substeps) of each level in order.
        levels = [((k + 1) / L, rise_len, t["riseSubsteps"]) for k in range(L)]
        levels += [((L - 1 - k) / L, fall_len, t["fallSubsteps"]) for k in range(L)]
        # Kept state 0 is the free state; each level's v gets a state (per value with "free").
        self.v = [0.0]
        self.level_state = []
        self.start_from = []  # the kept state each new one relaxes from
        seen = {}
        for v, _, _ in levels:
            if t["levelStart"] == "free" and v in seen:
                self.level_state.append(seen[v])
                continue
            self.start_from.append(0 if t["levelStart"] == "free" else len(self.v) - 1)
            seen[v] = len(self.v)
            self.level_state.append(len(self.v))
            self.v.append(v)
        self.K = len(self.v)
        dt, state = [], []
        for (v, dur, sub), k in zip(levels, self.level_state):
            dt += [dur / sub] * sub
            state += [k] * sub
        self.dt = np.array(dt)
        self.state = np.array(state)
        self.periodic = t["filterStart"] == "periodic"
        self.B, self.I = t["kernel"]["B"], t["kernel"]["area"]
        self.H = self.coefficients()
        self.check_cascade()

    def coefficients(self):
        """H[i, k]: u at the end of tick i per unit signal held at kept state k."""
        B, I = self.B, self.I
        ends = np.cumsum(self.dt)
        starts = ends - self.dt
        T = ends[-1]
        n = len(self.dt)
        H = np.zeros((n, self.K))
        for i in range(n):
            t = ends[i]
            # Pieces j <= i of this cycle, and with a periodic start every piece of each past one.
            past = range(0, 2 + int(math.ceil(60 / (B * T)))) if self.periodic else [0]
            for m in past:
                j = np.arange(n) if m > 0 else np.arange(i + 1)
                w = step_response(B, I, t + m * T - starts[j]) - step_response(B, I, t + m * T - ends[j])
                np.add.at(H[i], self.state[j], w)
            if not self.periodic:
                # The free state's signal held since -infinity: int_t^inf K = I - Hs(t).
                H[i, 0] += I - step_response(B, I, t)
        return H

    def check_cascade(self):
        """H against the kernel's cascade x1' = B(s - x1), x2' = B(x1 - x2), x3' = B(x2 - x3),
        u = (A/B^2) x2 - (2AC/B^3) x3, stepped exactly over each tick for unit signals."""
        B, I = self.B, self.I
        A = 3 * I * B * B + B * B * B
        C = (B * B + 2 * B * I) / (6 * I + 2 * B)
        c2, c3 = A / B**2, 2 * A * C / B**3
        T = float(np.sum(self.dt))
        cycles = 1 + (int(math.ceil(60 / (B * T))) + 1 if self.periodic else 0)
        # One column per kept state: unit signal there, 0 elsewhere; at rest on the free signal.
        x = np.zeros((3, self.K))
        x[:, 0] = 1.0
        for _ in range(cycles):
            u = np.empty((len(self.dt), self.K))
            for i, (d, k) in enumerate(zip(self.dt, self.state)):
                s = (np.arange(self.K) == k).astype(float)
                a, e = B * d, math.exp(-B * d)
                y = x - s
                x = np.stack([s + e * y[0], s + e * (y[1] + a * y[0]), s + e * (y[2] + a * y[1] + 0.5 * a * a * y[0])])
                u[i] = c2 * x[1] - c3 * x[2]
        scale = max(1.0, float(np.max(np.abs(self.H))))
        if not np.allclose(u, self.H, rtol=0, atol=1e-9 * scale):
            raise AssertionError(f"kernel integral and cascade disagree by {np.max(np.abs(u - self.H))}")

    def skip_bound(self):
        """For area 0: sup_t |u| <= (total variation of s over the cycle) * this; None otherwise."""
        if self.I != 0:
            return None
        B = self.B
        h_max = B * 2 * math.exp(-2)  # Hs(a) = B (Ba)^2/2 e^{-Ba} >= 0, largest at Ba = 2
        if not self.periodic:
            return h_max
        T = float(np.sum(self.dt))
        # A jump's copies in past cycles, at ages >= m T (Hs decreasing past a = 2/B).
        tail = sum(float(step_response(B, 0, max(m * T, 2 / B))) for m in range(1, 2 + int(math.ceil(60 / (B * T)))))
        return h_max + tail

    def jumps(self):
        """Pairs of kept states between which the held signal jumps (with their multiplicity)."""
        seq = [int(k) for k in self.state]
        held = [seq[0]] + [k for p, k in zip(seq, seq[1:]) if k != p]
        if self.periodic:
            pairs = list(zip(held, held[1:] + held[:1]))
        else:
            pairs = list(zip([0] + held, held))
        count = {}
        for a, b in pairs:
            if a != b:
                key = (min(a, b), max(a, b))
                count[key] = count.get(key, 0) + 1
        return count


def main(d):
    run = EpRun(d)
    p = run.p
    t = p["tcl"]
    W, b, L = run.W, run.b, run.L
    cyc = Cycle(t)
    bound = cyc.skip_bound()
    jumps = cyc.jumps()
    linear = t["g"] == "linear"

    def update(w, S, theta, c):
        """w (flat view) += c sum_ticks g(H S) dt, S (kept states x synapses) the signals."""
        cols = np.arange(S.shape[1])
        if bound is not None and not linear:
            V = np.zeros(S.shape[1])
            for (a, b_), mult in jumps.items():
                V += mult * np.abs(S[a] - S[b_])
            cols = np.flatnonzero(V * bound * (1 + 1e-9) >= theta)
        for lo in range(0, len(cols), CHUNK):
            idx = cols[lo : lo + CHUNK]
            U = cyc.H @ S[:, idx]
            if not linear:
                U[np.abs(U) < theta] = 0.0
            w[idx] += c * (cyc.dt @ U)

    def learn(j, s, rows):
        beta = run.signs[j] * p["beta"]
        x, y = run.xtr[rows], run.onehot(run.ytr[rows])
        N = len(x)
        drive = run.drive(x)
        # The kept states: the free state, then each new level relaxed from its start.
        kept = [s]
        for k in range(1, cyc.K):
            kept.append(run.relax([None] + kept[cyc.start_from[k - 1]][1:], x, y, cyc.v[k] * beta, p["nudged"], drive))
        for l in range(L - 1):
            c = -p["lr"][l] / beta
            m = run.sizes[l + 1]
            if l == 0:
                # Rows of pixels that are 0 in the whole batch have s = 0 throughout: no update.
                rows0 = np.flatnonzero(np.any(x != 0, axis=0))
                a = x[:, rows0]
                S = np.stack([a.T @ kept[k][1] for k in range(cyc.K)]).reshape(cyc.K, -1) * (-1 / N)
                sub = W[0][rows0].reshape(-1)
                update(sub, S, t["thresholds"]["weights"][0], c)
                W[0][rows0] = sub.reshape(len(rows0), m)
            else:
                S = np.stack([kept[k][l].T @ kept[k][l + 1] for k in range(cyc.K)]).reshape(cyc.K, -1) * (-1 / N)
                update(W[l].reshape(-1), S, t["thresholds"]["weights"][l], c)
        for l in range(1, L):
            S = np.stack([np.sum(kept[k][l], axis=0) for k in range(cyc.K)]) * (-1 / N)
            update(b[l], S, t["thresholds"]["biases"][l - 1], -p["lr"][l - 1] / beta)

    run.epoch(learn)


if __name__ == "__main__":
    main(sys.argv[1])
