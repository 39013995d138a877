"""The site engine: YAML records -> validated model -> generated pages.

Plain Python with no MkDocs import, so that the site generator on top of it can change
(MkDocs, ProperDocs, Zensical) without touching how data is loaded, checked and rendered.

    from sitegen import load_dataset, render_site
    dataset = load_dataset("data")        # raises DataErrors listing every problem
    pages = render_site(dataset, "overrides/generated")   # {"policies/x.md": "..."}
"""

from .dataset import Dataset, load_dataset
from .errors import DataError, DataErrors
from .render import page_dates, render_site

__all__ = ["DataError", "DataErrors", "Dataset", "load_dataset", "page_dates", "render_site"]
