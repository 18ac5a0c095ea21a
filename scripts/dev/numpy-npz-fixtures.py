#!/usr/bin/env python3
"""Writes the .npz fixtures of Tests/LearningTests/NPZWeightsTests.swift with NumPy itself (np.savez and
np.savez_compressed, NumPy 2.4.6 for the committed files): a logreg model keyed as FedActors' state_dict
(dense0.weight [10, 784], dense0.bias [10]) with values the test recomputes, a compressed file and a
float64 file, both of which FedActors refuses. Run from the repository root."""
import numpy as np

out = "Tests/LearningTests/Fixtures/"
w = (np.arange(7840, dtype=np.float64).reshape(10, 784) / 7840 - 0.5).astype("<f4")
b = (np.arange(10) * 0.5 - 2).astype("<f4")
np.savez(out + "numpy-logreg.npz", **{"dense0.weight": w, "dense0.bias": b})
np.savez_compressed(out + "numpy-compressed.npz", **{"dense0.weight": np.ones((2, 3), "<f4")})
np.savez(out + "numpy-float64.npz", **{"dense0.weight": np.ones((2, 3))})
