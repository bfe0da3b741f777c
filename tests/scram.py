"""Run SCRAM (the reference fault-tree analyser) and read its minimal cut sets."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SCRAM = shutil.which("scram")
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"

needs_scram = pytest.mark.skipif(SCRAM is None, reason="scram is not installed "
                                 "(Debian package 'scram'; .ci/run installs it)")
needs_datasets = pytest.mark.skipif(not DATASETS.exists(),
                                    reason="shared/datasets is not beside this checkout")


def cut_sets(*files: str | Path, limit_order: int = 2, algorithm: str = "zbdd"
             ) -> dict[str, set[frozenset[str]]]:
    """SCRAM's minimal cut sets up to ``limit_order``, by top event (sum-of-products name)."""
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "report.xml"
        subprocess.run([SCRAM, f"--{algorithm}", "--limit-order", str(limit_order),
                        *map(str, files), "-o", str(report)],
                       check=True, capture_output=True, text=True, timeout=600)
        root = ET.parse(report).getroot()
    return {products.get("name"): {frozenset(e.get("name") for e in product)
                                   for product in products.iter("product")}
            for products in root.iter("sum-of-products")}


def rejects(*files: str | Path) -> bool:
    """True when SCRAM refuses the input (validation only)."""
    done = subprocess.run([SCRAM, "--validate", *map(str, files)], capture_output=True,
                          text=True, timeout=120)
    return done.returncode != 0
