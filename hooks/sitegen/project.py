"""Every data file of the project, validated in one pass so that every problem is reported at once:
the collections, and the data files that are not collections (DATA_FILES: the teacher packs, the
changelog, the redirects; `make check` and the build both start here), and the published addresses
that a build would no longer serve.

    project = load_project(root, docs_dir, explainers)   # raises DataErrors listing every problem
    vanished(root, built_addresses, project.redirects)      # published addresses gone without a redirect
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafile import Context, DataFile
from .dataset import Dataset, load_dataset, unknown_files
from .errors import DataError, DataErrors
from .redirects import REDIRECTS, Redirect
from .sessions import CURRICULUM
from .teaching import CHANGELOG, PACKS

MANIFEST = "data/published-urls.txt"

# Every data file that is a list of entries but not a collection, in the data dictionary's order:
# each is declared beside its model (DataFile); `make check`, the build, the data dictionary, the
# JSON Schemas for editors and the check for misspelt file names in data/ all read this list.
DATA_FILES: tuple[DataFile, ...] = (PACKS, CHANGELOG, REDIRECTS, CURRICULUM)


@dataclass
class Project:
    dataset: Dataset
    files: dict[str, list]  # each of DATA_FILES' entries, by its name

    @property
    def redirects(self) -> list[Redirect]:
        """The entries of data/redirects.yml."""
        return self.files[REDIRECTS.name]


def load_project(root: Path, docs_dir: Path, explainers: list[str]) -> Project:
    """Every data file under root/data, validated; DataErrors with every problem of every file."""
    root = Path(root)
    errors = unknown_files(root / "data", root, [f.file for f in DATA_FILES])
    dataset = None
    try:
        dataset = load_dataset(root / "data", label_root=root)
    except DataErrors as exc:
        errors += exc.errors
    # without a valid dataset, the other files are checked for shape; their references wait
    context = Context(root / "data", root, dataset, Path(docs_dir), tuple(explainers))
    files: dict[str, list] = {}
    for file in DATA_FILES:
        if file.with_collections:  # read, and its errors reported, with the collections
            files[file.name] = dataset.files.get(file.name, []) if dataset else []
            continue
        try:
            files[file.name] = file.load(context)
        except DataErrors as exc:
            errors += exc.errors
    if errors or dataset is None:
        raise DataErrors(errors)
    return Project(dataset, files)


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
