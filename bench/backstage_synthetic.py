"""A synthetic Backstage catalog, as descriptor files: what ``depgraph import backstage
DIR/catalog.yaml`` reads, at any number of entities.

Run:  python bench/backstage_synthetic.py DIR [--entities 50000] [--seed 1]

Deterministic for a seed and an entity count. The shape follows a real catalog, the
entities follow Backstage's own examples (``packages/catalog-model/examples``):

- one ``catalog-info.yaml`` per repository, a few entities in it (``---`` between
  them), and a root ``catalog.yaml`` whose Location names every repository's file;
- about 2% groups (teams, which own everything), 1% domains, 5% systems in them, 10%
  APIs, 22% resources (databases, buckets, queues, caches) and 60% components
  (services, websites, libraries);
- a component is in a system, depends on one to three resources and sometimes on a
  library, provides an API one time in four and consumes one to three; a subcomponent
  one time in twenty; about 1% of references name nothing; one component in ten names
  the devices it runs on (``depgraph.io/runs-on``) and has an RTO;
- links, tags, descriptions and annotations as Backstage's examples write them.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

__all__ = ["generate", "write"]

SHARES = (("group", 0.02), ("domain", 0.01), ("system", 0.05), ("api", 0.10),
          ("resource", 0.22))
RESOURCE_TYPES = ("database", "database", "s3-bucket", "queue", "cache")
COMPONENT_TYPES = ("service", "service", "service", "website", "library")
PER_FILE = 8


def generate(entities: int, seed: int = 1) -> list[str]:
    """The entities, each as the YAML text of one document."""
    rng = random.Random(seed)
    counts = {kind: max(1, int(entities * share)) for kind, share in SHARES}
    counts["component"] = max(1, entities - sum(counts.values()))
    names = {kind: [f"{kind[:3]}-{i:06d}" for i in range(n)] for kind, n in counts.items()}
    pick = lambda kind: rng.choice(names[kind])  # noqa: E731
    docs = []
    for name in names["group"]:
        docs.append(_doc("Group", name, {"type": "team", "children": []}))
    for name in names["domain"]:
        docs.append(_doc("Domain", name, {"owner": pick("group")}))
    for name in names["system"]:
        docs.append(_doc("System", name, {"owner": pick("group"), "domain": pick("domain")}))
    for name in names["api"]:
        docs.append(_doc("API", name, {"type": "openapi", "lifecycle": "production",
                                       "owner": pick("group"), "system": pick("system"),
                                       "definition": "openapi: 3.0.0\ninfo: {title: x}\n"}))
    for name in names["resource"]:
        docs.append(_doc("Resource", name, {"type": rng.choice(RESOURCE_TYPES),
                                            "owner": pick("group"),
                                            "system": pick("system")}))
    libraries = names["component"][::5]
    for i, name in enumerate(names["component"]):
        kind_type = "library" if i % 5 == 0 else rng.choice(COMPONENT_TYPES[:4])
        spec: dict = {"type": kind_type, "owner": pick("group"),
                      "lifecycle": rng.choice(("production", "production", "experimental")),
                      "system": pick("system")}
        if kind_type != "library":
            spec["dependsOn"] = [f"resource:{pick('resource')}"
                                 for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.5:
                spec["dependsOn"].append(f"component:{rng.choice(libraries)}")
            if rng.random() < 0.01:
                spec["dependsOn"].append("resource:gone-" + name)
            if rng.random() < 0.25:
                spec["providesApis"] = [pick("api")]
            spec["consumesApis"] = [pick("api") for _ in range(rng.randint(1, 3))]
            if i % 20 == 1:
                spec["subcomponentOf"] = f"component:{names['component'][i - 1]}"
        annotations = {"backstage.io/techdocs-ref": "dir:.",
                       "github.com/project-slug": f"example/{name}"}
        if i % 10 == 3:
            annotations["depgraph.io/runs-on"] = f"device/srv-{i % 997:03d}"
            annotations["depgraph.io/rto"] = "4h"
        docs.append(_doc("Component", name, spec, annotations))
    rng.shuffle(docs)
    return docs


def _doc(kind: str, name: str, spec: dict, annotations: dict | None = None) -> str:
    lines = ["apiVersion: backstage.io/v1alpha1", f"kind: {kind}", "metadata:",
             f"  name: {name}", f"  description: The {name} {kind.lower()}",
             "  tags: [java, data]", "  links:",
             f"    - url: https://example.com/{name}", "      title: Dashboard",
             "      icon: dashboard"]
    if annotations:
        lines.append("  annotations:")
        lines += [f"    {key}: '{value}'" for key, value in annotations.items()]
    lines.append("spec:")
    for key, value in spec.items():
        if isinstance(value, list):
            lines.append(f"  {key}:" + ("" if value else " []"))
            lines += [f"    - '{item}'" for item in value]
        elif "\n" in str(value):
            lines.append(f"  {key}: |")
            lines += [f"    {part}" for part in str(value).splitlines()]
        else:
            lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


def write(directory: Path, entities: int, seed: int = 1) -> Path:
    """Write the catalog under ``directory``; returns its root Location file."""
    docs = generate(entities, seed)
    targets = []
    for start in range(0, len(docs), PER_FILE):
        repo = directory / "repos" / f"repo-{start // PER_FILE:05d}"
        repo.mkdir(parents=True, exist_ok=True)
        (repo / "catalog-info.yaml").write_text("---\n".join(docs[start:start + PER_FILE]),
                                               encoding="utf-8")
        targets.append(f"./repos/{repo.name}/catalog-info.yaml")
    root = directory / "catalog.yaml"
    root.write_text("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n"
                    "  name: everything\nspec:\n  targets:\n"
                    + "".join(f"    - {target}\n" for target in targets), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(write(args.directory, args.entities, args.seed))


if __name__ == "__main__":
    main()
