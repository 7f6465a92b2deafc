"""Classification-metric fixtures from scikit-learn: accuracy, macro-F1 and the confusion matrix
for random label/prediction pairs (some classes absent from truth or predictions).

    /tmp/venv/bin/python reference/training/make_metric_fixtures.py
writes reference/training/classification_metrics.json (read by SmithyNNTests).
"""
import json
import pathlib

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

rng = np.random.default_rng(20261123)
cases = []
for index in range(40):
    classes = int(rng.integers(2, 9))
    count = int(rng.integers(1, 60))
    truth = rng.integers(0, classes, count)
    # Mostly right, sometimes wrong, sometimes a class that never occurs in the truth.
    predictions = np.where(rng.random(count) < 0.6, truth, rng.integers(0, classes, count))
    if index % 5 == 0:
        predictions[rng.random(count) < 0.2] = classes - 1
    labels = sorted(set(truth.tolist()) | set(predictions.tolist()))
    cases.append({
        "classes": classes,
        "truth": truth.tolist(),
        "predictions": predictions.tolist(),
        "accuracy": accuracy_score(truth, predictions),
        "macro_f1": f1_score(truth, predictions, average="macro", labels=labels, zero_division=0),
        "confusion": confusion_matrix(truth, predictions, labels=list(range(classes))).tolist(),
    })
out = pathlib.Path(__file__).with_name("classification_metrics.json")
out.write_text(json.dumps({"generator": "scikit-learn " + __import__("sklearn").__version__, "cases": cases}, indent=0) + "\n")
print(f"wrote {len(cases)} cases to {out}")
