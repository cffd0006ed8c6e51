"""Copy the front-end libraries installed by npm (package.json) into static/vendor/."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"

# destination folder -> (package folder in node_modules, files or folders to copy). The source
# maps go with the scripts that name them: the manifest storage of the production profile
# (collectstatic) rewrites each sourceMappingURL and fails on a map that is not there.
FILES = {
    "leaflet": ("leaflet/dist", ["leaflet.js", "leaflet.js.map", "leaflet.css", "images"]),
    "htmx": ("htmx.org/dist", ["htmx.min.js"]),
    "chartjs": ("chart.js/dist", ["chart.umd.min.js", "chart.umd.min.js.map"]),
}


def copy_vendor(node_modules: Path = ROOT / "node_modules") -> list[Path]:
    if not node_modules.is_dir():
        raise SystemExit(
            "node_modules/ is missing: run `npm ci` first (the set-up script does this)."
        )
    copied = []
    for dest, (package, names) in FILES.items():
        for name in names:
            src = node_modules / package / name
            target = VENDOR / dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, target, dirs_exist_ok=True)
            else:
                shutil.copy2(src, target)
            copied.append(target)
    return copied


if __name__ == "__main__":
    for path in copy_vendor():
        print(path.relative_to(ROOT))
