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
and leaves the trained weights in DIR as W<l>.out.f64.
"""
import json
import os
import sys
import time

import numpy as np


def load(d, name, dtype, shape):
    return np.fromfile(os.path.join(d, name), dtype=dtype).reshape(shape)


def main(d):
    p = json.load(open(os.path.join(d, "params.json")))
    sizes, batch, eps = p["sizes"], p["batch"], p["eps"]
    n0, L = sizes[0], len(sizes)
    xtr = load(d, "train_x.f64", np.float64, (-1, n0))
    ytr = load(d, "train_y.u8", np.uint8, (-1,))
    xte = load(d, "test_x.f64", np.float64, (-1, n0))
    yte = load(d, "test_y.u8", np.uint8, (-1,))
    W = [load(d, f"W{l}.f64", np.float64, (sizes[l], sizes[l + 1])) for l in range(L - 1)]
    b = [None] + [load(d, f"b{l}.f64", np.float64, (sizes[l],)) for l in range(1, L)]
    signs = load(d, "signs.i8", np.int8, (-1,))

    def onehot(y):
        t = np.zeros((len(y), sizes[-1]))
        t[np.arange(len(y)), y] = 1.0
        return t

    def relax(s, x, y, beta, steps):
        # s[l] for l >= 1; layer 0 is the clamped input x (already in [0, 1], so rho(x) = x).
        # b_1 + x W_0 does not change while the input is clamped and the weights held.
        drive = b[1] + x @ W[0]
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

    def persistent(count):
        return [None] + [np.zeros((count, n)) for n in sizes[1:]]

    def free_pass(X, Y, P, k):
        rows = slice(k, min(k + batch, len(X)))
        s = relax([None] + [P[l][rows] for l in range(1, L)], X[rows], onehot(Y[rows]), 0.0, p["free"])
        for l in range(1, L):
            P[l][rows] = s[l]
        wrong = int(np.sum(np.argmax(s[-1], axis=1) != Y[rows]))
        return s, rows, wrong

    def evaluate(X, Y, P):
        return sum(free_pass(X, Y, P, k)[2] for k in range(0, len(X), batch)) / len(X)

    ptr, pte = persistent(len(xtr)), persistent(len(xte))
    evaluate(xtr, ytr, ptr)
    evaluate(xte, yte, pte)

    t0 = time.perf_counter()
    wrong = 0
    for j, k in enumerate(range(0, len(xtr), batch)):
        s, rows, w = free_pass(xtr, ytr, ptr, k)
        wrong += w
        beta = signs[j] * p["beta"]
        x, y = xtr[rows], onehot(ytr[rows])
        n = s[1:]
        z = relax([None] + n, x, y, beta, p["nudged"])
        fa = [x] + s[1:]
        na = [x] + z[1:]
        N = len(x)
        for l in range(L - 1):
            c = p["lr"][l] / beta / N
            W[l] += c * (na[l].T @ na[l + 1] - fa[l].T @ fa[l + 1])
            b[l + 1] += c * np.sum(na[l + 1] - fa[l + 1], axis=0)
    seconds = time.perf_counter() - t0
    test = evaluate(xte, yte, pte)
    for l in range(L - 1):
        W[l].tofile(os.path.join(d, f"W{l}.out.f64"))
    print(json.dumps({"epochSeconds": seconds, "trainError": wrong / len(xtr), "testError": test, "W": [float(np.sum(np.abs(w))) for w in W]}))


if __name__ == "__main__":
    main(sys.argv[1])
