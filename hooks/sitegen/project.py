"""Every data file of the project, validated in one pass so that every problem is reported at once:
the collections, the redirects, the teacher packs and the changelog (`make check` and the build
both start here), and the published addresses that a build would no longer serve.

    project = load_project(root, docs_dir, explainers)   # raises DataErrors listing every problem
    vanished(root, built_addresses, project.redirects)      # published addresses gone without a redirect
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset import Dataset, load_dataset
from .errors import DataError, DataErrors
from .redirects import Redirect, load_redirects
from .teaching import Change, Explainer, Pack, load_teaching

MANIFEST = "data/published-urls.txt"


@dataclass
class Project:
    dataset: Dataset
    redirects: list[Redirect]
    packs: list[tuple[Pack, Explainer]]
    changes: list[Change]


def load_project(root: Path, docs_dir: Path, explainers: list[str]) -> Project:
    root, errors = Path(root), []
    dataset = redirects = teaching = None
    try:
        dataset = load_dataset(root / "data", label_root=root)
    except DataErrors as exc:
        errors += exc.errors
    try:
        redirects = load_redirects(root / "data", root)
    except DataErrors as exc:
        errors += exc.errors
    try:  # without a valid dataset, the packs and changes are checked for shape; references wait
        teaching = load_teaching(root / "data", root, dataset, docs_dir, explainers)
    except DataErrors as exc:
        errors += exc.errors
    if errors:
        raise DataErrors(errors)
    return Project(dataset, redirects, *teaching)


def vanished(root: Path, built: set[str], redirects: list[Redirect], pages_only: bool = False) -> list[DataError]:
    """Addresses in data/published-urls.txt that are neither in `built` ('/x/y/', '/x/y/#part') nor
    redirected. `pages_only`: compare pages alone (their anchors are known only once built)."""
    manifest = Path(root) / MANIFEST
    if not manifest.is_file():
        return []
    redirected = {f"/{r.from_}" for r in redirects}
    errors = []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    for number, url in enumerate(lines, 1):
        if not url or url.startswith("#") or (pages_only and "#" in url):
            continue
        if url not in built and url.split("#")[0] not in redirected:
            errors.append(
                DataError(
                    MANIFEST,
                    number,
                    None,
                    None,
                    f"'{url}' was published and would no longer be served: restore it, or add a redirect "
                    "in data/redirects.yml (CONTRIBUTING.md, 'Renaming safely')",
                )
            )
    return errors
