"""Regenerates kmeans_reference.json: scikit-learn's Lloyd k-means from given centres.

    pip install scikit-learn numpy
    python3 crates/analytics/tests/data/make_kmeans_reference.py

Overlapping 3-D blobs (so Lloyd needs several rounds) and four initial centres; tol=0 so
scikit-learn, like kehu, runs until no point changes cluster. crates/analytics/tests/kmeans.rs
requires identical labels and inertia within 1e-6.
"""
import json
import os

import numpy as np
from sklearn.cluster import KMeans

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261123)
centres = np.array([[0, 0, 0], [2, 0, 0], [0, 2, 1], [2, 2, -1]], dtype=float)
points = np.vstack([c + rng.normal(scale=0.9, size=(150, 3)) for c in centres])
init = points[[0, 1, 2, 3]]  # four points of the first blob: a poor start on purpose
km = KMeans(n_clusters=4, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(points)
with open(os.path.join(HERE, "kmeans_reference.json"), "w") as f:
    json.dump(
        {
            "points": points.tolist(),
            "init": init.tolist(),
            "labels": km.labels_.tolist(),
            "inertia": float(km.inertia_),
            "iterations": int(km.n_iter_),
        },
        f,
    )
