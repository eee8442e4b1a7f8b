"""explainerdashboard serving our EBM: the peer in benchmarks/app_speed.py, run only in its own throw-away venv.

    <peer venv>/bin/python explainerdashboard_app.py MODEL.joblib PARTS.parquet TARGET PORT

MODEL.joblib holds the fitted EBM alone; PARTS.parquet the held-out parts (features + TARGET). The EBM is
explained the way explainerdashboard does for a model it has no fast explainer for: kernel SHAP.
"""
import sys
import time

started = time.perf_counter()

import joblib  # noqa: E402
import pandas as pd  # noqa: E402
from explainerdashboard import ClassifierExplainer, ExplainerDashboard  # noqa: E402


def stage(name: str) -> None:
    print(f"peer: {name} at {time.perf_counter() - started:.1f} s", flush=True)


model_path, parts_path, target, port = sys.argv[1:5]
ebm = joblib.load(model_path)
parts = pd.read_parquet(parts_path)
explainer = ClassifierExplainer(ebm, parts.drop(columns=target), parts[target], shap="kernel",
                                model_output="probability")
stage("explainer built")
dashboard = ExplainerDashboard(explainer, title="explainerdashboard", shap_interaction=False, decision_trees=False)
stage("precomputed")
dashboard.run(port=int(port), host="127.0.0.1", use_waitress=True)
