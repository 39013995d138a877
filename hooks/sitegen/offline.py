"""The offline edition: the whole site in one zip that works opened from file:// (`make offline`).

Material's `offline` plugin builds pages as 'x/y.html' and inlines the search index into a script;
in a browser, search then needs the iframe-worker shim (a Web Worker cannot start from file://).
The plugin would load that shim from unpkg.com; mkdocs.offline.yml names a copy of it in
`extra.polyfills` instead, and `vendored_files` ships that copy from the npm package, so the
edition asks no other host for anything. `zip_site` packs a built site reproducibly.
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

from .errors import DataError, DataErrors

# site path -> (npm package, file in it): scripts the site serves itself instead of from a CDN
VENDORED = {
    "javascripts/iframe-worker-shim.js": ("iframe-worker", "shim/index.js"),
}
EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def vendored_files(root: Path, polyfills: list) -> dict[str, str]:
    """{site path: text} for each polyfill the configuration names that comes from node_modules
    (with its package's name, version and licence line on top)."""
    files = {}
    for name in (str(p) for p in polyfills):
        if name not in VENDORED:
            continue
        package, inner = VENDORED[name]
        folder = Path(root) / "node_modules" / package
        if not (folder / inner).is_file():
            raise DataErrors(
                [
                    DataError(
                        f"node_modules/{package}/{inner}",
                        None,
                        None,
                        None,
                        f"is missing: {name} comes from the npm package {package}; run `npm ci` (make does)",
                    )
                ]
            )
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        notice = (
            next(
                (
                    line.strip()
                    for line in (folder / "LICENSE").read_text(encoding="utf-8").splitlines()
                    if line.startswith("Copyright")
                ),
                "",
            )
            if (folder / "LICENSE").is_file()
            else ""
        )
        header = f"/* {package} {meta.get('version', '')}, {meta.get('license', '')} licence. {notice} */\n"
        text = (folder / inner).read_text(encoding="utf-8")
        if name == SHIM:
            text, files[SHIM_BOOT] = _shim_without_inline_script(text), SHIM_BOOT_TEXT
        files[name] = header + text
    return files


# The shim starts a worker in a hidden frame whose document it writes with an inline script that
# names the worker's address (file:///…/search.js: where the reader unzipped the edition), so no
# hash in the page's Content-Security-Policy can allow it (the frame inherits the policy). The
# copy shipped loads that script from a file instead (iframe-worker 1.0.4; checked on each build).
SHIM = "javascripts/iframe-worker-shim.js"
SHIM_BOOT = "javascripts/iframe-worker-boot.js"
_SHIM_INLINE = (
    '<script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>'
    '{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\\/script>'
)
_SHIM_FROM_FILE = '<script src="${__iframeWorkerBoot}" data-worker="${e}"><\\/script>'
SHIM_BOOT_TEXT = """/* What iframe-worker writes inline into the worker's frame, as a file (sitegen/offline.py). */
postMessage = function (data, origin) { parent.postMessage(data, origin || "*"); };
importScripts = function () {
  return Array.prototype.reduce.call(arguments, function (done, src) {
    return done.then(function () {
      return new Promise(function (loaded) {
        var script = document.createElement("script");
        script.src = src; script.onload = loaded; document.body.appendChild(script);
      });
    });
  }, Promise.resolve());
};
(function (worker) {
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }));
  });
})(document.currentScript.dataset.worker);
"""


def _shim_without_inline_script(text: str) -> str:
    if _SHIM_INLINE not in text:
        raise DataErrors(
            [
                DataError(
                    f"node_modules/{VENDORED[SHIM][0]}/{VENDORED[SHIM][1]}",
                    None,
                    None,
                    None,
                    "no longer writes the inline script sitegen/offline.py replaces "
                    "(a new version?): update _SHIM_INLINE there",
                )
            ]
        )
    boot = 'var __iframeWorkerBoot = new URL("iframe-worker-boot.js", document.currentScript.src).href;'
    strict = '"use strict";'
    text = text.replace(_SHIM_INLINE, _SHIM_FROM_FILE)
    return strict + boot + text.removeprefix(strict) if text.startswith(strict) else boot + "\n" + text


def zip_site(site_dir: Path, out: Path, top: str, epoch: int | None = None) -> tuple[int, int]:
    """Pack every file of `site_dir` into `out` under the folder `top`, in sorted order, each entry
    dated `epoch` (SOURCE_DATE_EPOCH) with fixed permissions: the same site gives the same bytes.
    Returns (number of files, size of the zip in bytes)."""
    site_dir, out = Path(site_dir), Path(out)
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"no built site in {site_dir}/ (index.html is missing)")
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or EPOCH_MIN)
    stamp = time.gmtime(max(epoch, EPOCH_MIN))[:6]
    paths = sorted((p for p in site_dir.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site_dir).as_posix())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in paths:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(out)
    return len(paths), out.stat().st_size
