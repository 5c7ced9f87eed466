"""Classic EP on MNIST in numpy, float64, one thread: the bench's yardstick for phaseless's EP epoch.

An independent implementation of the algorithm phaseless runs (docs/ep-mnist.md): a layered
Hopfield network with the hard sigmoid, persistent free states per example, a free phase of
`free` synchronous steps s <- clip(s - eps dF/ds, 0, 1) (every layer from the old states), a
nudged phase of `nudged` steps from the free state at the signed nudge beta, and the update
dW_l = lr_l / beta * mean_n(rho(s_l) rho(s_{l+1})^T |nudged - |free), db_{l+1} likewise.
Written from the equations, not from phaseless's code; the bench gives it the same digits,
initial weights and nudge signs, and compares the results as well as the time.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/ep_numpy.py DIR

DIR holds params.json and the float64/uint8/int8 arrays the bench wrote; prints one JSON line
and leaves the trained weights in DIR as W<l>.out.f64. The network, its relaxation and the
free passes (EpRun) are shared with the TCL yardstick, bench/ep_tcl_numpy.py.
"""
import json
import os
import sys
import time

import numpy as np


def load(d, name, dtype, shape):
    return np.fromfile(os.path.join(d, name), dtype=dtype).reshape(shape)


class EpRun:
    """The bench's start (DIR): digits, initial weights W[l], biases b[l] (l >= 1), nudge signs."""

    def __init__(self, d):
        self.d = d
        p = self.p = json.load(open(os.path.join(d, "params.json")))
        sizes = self.sizes = p["sizes"]
        self.batch, self.eps = p["batch"], p["eps"]
        n0, L = sizes[0], len(sizes)
        self.L = L
        self.xtr = load(d, "train_x.f64", np.float64, (-1, n0))
        self.ytr = load(d, "train_y.u8", np.uint8, (-1,))
        self.xte = load(d, "test_x.f64", np.float64, (-1, n0))
        self.yte = load(d, "test_y.u8", np.uint8, (-1,))
        self.W = [load(d, f"W{l}.f64", np.float64, (sizes[l], sizes[l + 1])) for l in range(L - 1)]
        self.b = [None] + [load(d, f"b{l}.f64", np.float64, (sizes[l],)) for l in range(1, L)]
        self.signs = load(d, "signs.i8", np.int8, (-1,))

    def onehot(self, y):
        t = np.zeros((len(y), self.sizes[-1]))
        t[np.arange(len(y)), y] = 1.0
        return t

    def drive(self, x):
        """b_1 + x W_0: constant while the input is clamped and the weights held."""
        return self.b[1] + x @ self.W[0]

    def relax(self, s, x, y, beta, steps, drive=None):
        """`steps` synchronous steps at the signed nudge beta; s[l] for l >= 1, layer 0 the clamped
        input x (already in [0, 1], so rho(x) = x). Returns new arrays."""
        W, b, L, eps = self.W, self.b, self.L, self.eps
        if drive is None:
            drive = self.drive(x)
        for _ in range(steps):
            full = [x] + s[1:]
            new = [None]
            for l in range(1, L):
                inp = drive if l == 1 else b[l] + full[l - 1] @ W[l - 1]
                if l + 1 < L:
                    inp = inp + full[l + 1] @ W[l].T
                g = full[l] - inp
                if l == L - 1 and beta != 0:
                    g = g + 2 * beta * (full[l] - y)
                new.append(np.clip(full[l] - eps * g, 0.0, 1.0))
            s = new
        return s

    def persistent(self, count):
        return [None] + [np.zeros((count, n)) for n in self.sizes[1:]]

    def free_pass(self, X, Y, P, k):
        """The free phase of the batch at row k from its persistent states, stored back."""
        rows = slice(k, min(k + self.batch, len(X)))
        s = self.relax([None] + [P[l][rows] for l in range(1, self.L)], X[rows], self.onehot(Y[rows]), 0.0, self.p["free"])
        for l in range(1, self.L):
            P[l][rows] = s[l]
        wrong = int(np.sum(np.argmax(s[-1], axis=1) != Y[rows]))
        return s, rows, wrong

    def evaluate(self, X, Y, P):
        return sum(self.free_pass(X, Y, P, k)[2] for k in range(0, len(X), self.batch)) / len(X)

    def epoch(self, learn):
        """The untrained evaluation (it moves the persistent states, as phaseless's does), then one
        timed training epoch (wall and CPU seconds), learn(j, s, rows) after batch j's free phase; the test evaluation, the
        weights written to DIR and one JSON line printed."""
        ptr, pte = self.persistent(len(self.xtr)), self.persistent(len(self.xte))
        self.evaluate(self.xtr, self.ytr, ptr)
        self.evaluate(self.xte, self.yte, pte)
        t0, c0 = time.perf_counter(), time.process_time()
        wrong = 0
        for j, k in enumerate(range(0, len(self.xtr), self.batch)):
            s, rows, w = self.free_pass(self.xtr, self.ytr, ptr, k)
            wrong += w
            learn(j, s, rows)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        test = self.evaluate(self.xte, self.yte, pte)
        for l, w in enumerate(self.W):
            w.tofile(os.path.join(self.d, f"W{l}.out.f64"))
        out = {"epochSeconds": seconds, "epochCpuSeconds": cpu, "trainError": wrong / len(self.xtr), "testError": test, "W": [float(np.sum(np.abs(w))) for w in self.W]}
        print(json.dumps(out))
        return out


def main(d):
    run = EpRun(d)
    p, W, b, L = run.p, run.W, run.b, run.L

    def learn(j, s, rows):
        beta = run.signs[j] * p["beta"]
        x, y = run.xtr[rows], run.onehot(run.ytr[rows])
        z = run.relax([None] + s[1:], x, y, beta, p["nudged"])
        fa = [x] + s[1:]
        na = [x] + z[1:]
        N = len(x)
        for l in range(L - 1):
            c = p["lr"][l] / beta / N
            W[l] += c * (na[l].T @ na[l + 1] - fa[l].T @ fa[l + 1])
            b[l + 1] += c * np.sum(na[l + 1] - fa[l + 1], axis=0)

    run.epoch(learn)


if __name__ == "__main__":
    main(sys.argv[1])
